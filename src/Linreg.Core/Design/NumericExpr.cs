using System.Globalization;

namespace Linreg.Core.Design;

/// <summary>A numeric value of one row's input columns.</summary>
internal delegate double RowFunction(ReadOnlySpan<double> inputs);

/// <summary>
/// The Python arithmetic a formula's numeric factors use (I(x**2), np.log(x), x1 / 2 …): numbers, columns, + - * /
/// **, unary minus, and the functions of <see cref="Functions"/>, evaluated in double as numpy evaluates them.
/// </summary>
internal abstract record NumericExpr
{
    /// <summary>log, exp and sqrt, with numpy's prefix (np.log) or without (the issue's log(x)); log10 and abs as numpy's.</summary>
    public static readonly IReadOnlyDictionary<string, Func<double, double>> Functions = new Dictionary<string, Func<double, double>>(StringComparer.Ordinal)
    {
        ["log"] = Math.Log,
        ["exp"] = Math.Exp,
        ["sqrt"] = Math.Sqrt,
        ["log10"] = Math.Log10,
        ["log2"] = Math.Log2,
        ["abs"] = Math.Abs,
    };

    /// <summary>The columns the expression reads, in the order it names them.</summary>
    public abstract IEnumerable<string> Columns { get; }

    /// <param name="index">Where each column is in a row of inputs.</param>
    public abstract RowFunction Compile(Func<string, int> index);

    public static bool IsFunction(string name, out Func<double, double> function)
    {
        var bare = name.StartsWith("np.", StringComparison.Ordinal) ? name[3..] : name.StartsWith("numpy.", StringComparison.Ordinal) ? name[6..] : name;
        return Functions.TryGetValue(bare, out function!);
    }

    /// <summary>Parses <paramref name="tokens"/> (from <paramref name="start"/>, up to a token it does not take) as Python arithmetic.</summary>
    public static NumericExpr Parse(string formula, IReadOnlyList<Token> tokens, ref int start) => new Parser(formula, tokens, start).Sum(ref start);

    /// <summary>One column, Q("column") or function call: a factor of a formula, where + - * : are the formula's.</summary>
    public static NumericExpr ParseAtom(string formula, IReadOnlyList<Token> tokens, ref int start) => new Parser(formula, tokens, start).Atom(ref start);

    internal sealed record Constant(double Value) : NumericExpr
    {
        public override IEnumerable<string> Columns => [];

        public override RowFunction Compile(Func<string, int> index)
        {
            var value = Value;
            return _ => value;
        }
    }

    internal sealed record Column(string Name) : NumericExpr
    {
        public override IEnumerable<string> Columns => [Name];

        public override RowFunction Compile(Func<string, int> index)
        {
            var at = index(Name);
            return row => row[at];
        }
    }

    internal sealed record Negate(NumericExpr Operand) : NumericExpr
    {
        public override IEnumerable<string> Columns => Operand.Columns;

        public override RowFunction Compile(Func<string, int> index)
        {
            var operand = Operand.Compile(index);
            return row => -operand(row);
        }
    }

    internal sealed record Binary(char Op, NumericExpr Left, NumericExpr Right) : NumericExpr
    {
        public override IEnumerable<string> Columns => Left.Columns.Concat(Right.Columns);

        public override RowFunction Compile(Func<string, int> index)
        {
            var left = Left.Compile(index);
            var right = Right.Compile(index);
            return Op switch
            {
                '+' => row => left(row) + right(row),
                '-' => row => left(row) - right(row),
                '*' => row => left(row) * right(row),
                '/' => row => left(row) / right(row),
                _ => row => Power(left(row), right(row)),
            };
        }

        /// <summary>numpy's power; squares are a product, as numpy computes them (x**2 is x*x to the last bit).</summary>
        private static double Power(double x, double y) => y == 2 ? x * x : Math.Pow(x, y);
    }

    internal sealed record Call(string Name, Func<double, double> Function, NumericExpr Argument) : NumericExpr
    {
        public override IEnumerable<string> Columns => Argument.Columns;

        public override RowFunction Compile(Func<string, int> index)
        {
            var argument = Argument.Compile(index);
            var function = Function;
            return row => function(argument(row));
        }
    }

    private sealed class Parser(string formula, IReadOnlyList<Token> tokens, int position)
    {
        private int _at = position;

        public NumericExpr Sum(ref int end)
        {
            var sum = Sum();
            end = _at;
            return sum;
        }

        public NumericExpr Atom(ref int end)
        {
            var atom = Atom();
            end = _at;
            return atom;
        }

        private NumericExpr Sum()
        {
            var left = Product();
            while (Peek("+") || Peek("-"))
            {
                var op = tokens[_at++].Value[0];
                left = new Binary(op, left, Product());
            }

            return left;
        }

        private NumericExpr Product()
        {
            var left = Unary();
            while (Peek("*") || Peek("/"))
            {
                var op = tokens[_at++].Value[0];
                left = new Binary(op, left, Unary());
            }

            return left;
        }

        private NumericExpr Unary()
        {
            if (Peek("-"))
            {
                _at++;
                return new Negate(Unary());
            }

            if (Peek("+"))
            {
                _at++;
                return Unary();
            }

            var atom = Atom();
            if (Peek("**"))
            {
                _at++;
                return new Binary('^', atom, Unary());
            }

            return atom;
        }

        private NumericExpr Atom()
        {
            var token = tokens[_at];
            if (token.Kind == TokenKind.Number)
            {
                _at++;
                return double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    ? new Constant(value)
                    : throw FormulaTokens.Error(formula, token.Position, $"'{token.Value}' is not a number");
            }

            if (Peek("("))
            {
                _at++;
                var inner = Sum();
                Expect(")");
                return inner;
            }

            if (token.Kind != TokenKind.Name)
            {
                throw FormulaTokens.Error(formula, token.Position, token.Kind == TokenKind.End ? "the expression ends too soon" : $"'{token.Value}' cannot start a value");
            }

            var name = DottedName(tokens, ref _at);
            if (name == "Q" && Peek("("))
            {
                _at++;
                var quoted = tokens[_at];
                if (quoted.Kind != TokenKind.Text)
                {
                    throw FormulaTokens.Error(formula, quoted.Position, "Q() takes a quoted column name, e.g. Q(\"my column\")");
                }

                _at++;
                Expect(")");
                return new Column(quoted.Value[1..^1]);
            }

            if (!Peek("("))
            {
                return new Column(name);
            }

            if (!IsFunction(name, out var function))
            {
                throw FormulaTokens.Error(formula, token.Position, $"'{name}' is not a function linreg knows (it knows {string.Join(", ", Functions.Keys.Select(k => "np." + k))}, also without np., and I())");
            }

            _at++;
            var argument = Sum();
            Expect(")");
            return new Call(name, function, argument);
        }

        private bool Peek(string op) => tokens[_at].Kind == TokenKind.Operator && tokens[_at].Value == op;

        private void Expect(string op)
        {
            if (!Peek(op))
            {
                throw FormulaTokens.Error(formula, tokens[_at].Position, $"expected '{op}'");
            }

            _at++;
        }
    }

    /// <summary>A name with its dots (np.log), from <paramref name="at"/> on.</summary>
    public static string DottedName(IReadOnlyList<Token> tokens, ref int at)
    {
        var name = tokens[at++].Value;
        while (tokens[at].Value == "." && tokens[at].Kind == TokenKind.Operator && tokens[at + 1].Kind == TokenKind.Name)
        {
            name += "." + tokens[at + 1].Value;
            at += 2;
        }

        return name;
    }
}
