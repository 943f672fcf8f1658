namespace Linreg.Core.Design;

/// <summary>
/// One factor of a term, named as patsy names it (its code with Python's spacing). A bare column (or Q("col")) is
/// categorical when its column holds categories; C(col) always is; any other factor is a number of the row.
/// </summary>
/// <param name="Column">The column a bare name or C() reads; null for an arithmetic factor.</param>
internal sealed record Factor(string Name, NumericExpr? Expression, string? Column, bool ForcedCategorical)
{
    /// <summary>patsy has no '.'; R's meaning: every column but the target's, each its own term.</summary>
    public static readonly Factor Dot = new(".", null, null, false);

    public static Factor Bare(string column) => new(column, new NumericExpr.Column(column), column, false);

    public IEnumerable<string> Columns => Column is { } c ? [c] : Expression!.Columns;
}

/// <summary>A term: the product of its factors, in the order the formula first wrote them; the same set is one term.</summary>
internal sealed record Term(IReadOnlyList<Factor> Factors)
{
    public string Name => Factors.Count == 0 ? "Intercept" : string.Join(":", Factors.Select(f => f.Name));

    public bool SameAs(Term other) => Factors.Count == other.Factors.Count && Factors.All(f => other.Factors.Any(g => g.Name == f.Name));
}

/// <summary>
/// A formula in patsy's syntax, the subset people use: <c>y ~ x1 + x2 + C(g) + x1:x2 + x1*x3 + I(x2**2) + np.log(x3)</c>,
/// <c>- 1</c>, <c>0 +</c> and <c>+ 0</c> for no intercept, and R's <c>.</c> for every other column. Terms keep the
/// order the formula gives them (duplicates once, <c>-</c> removing); <see cref="DesignMatrix"/> orders them as patsy does.
/// </summary>
internal sealed class Formula
{
    private Formula(string text, Factor target, IReadOnlyList<Term> terms, bool intercept)
    {
        Text = text;
        Target = target;
        Terms = terms;
        Intercept = intercept;
    }

    public string Text { get; }

    /// <summary>The left-hand side: a column, or arithmetic of one (np.log(y)).</summary>
    public Factor Target { get; }

    public IReadOnlyList<Term> Terms { get; }

    public bool Intercept { get; }

    /// <summary>A plain choice of columns is the formula <c>target ~ f1 + f2 + …</c> (whatever characters the names hold).</summary>
    public static Formula OfColumns(string target, IEnumerable<string> features, bool intercept) =>
        new(string.Empty, Factor.Bare(target), [.. features.Select(f => new Term([Factor.Bare(f)]))], intercept);

    /// <param name="columns">The table's columns, which '.' stands for; null leaves '.' a placeholder.</param>
    public static Formula Parse(string text, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = FormulaTokens.Read(text);
        var tilde = tokens.FindIndex(t => t.Kind == TokenKind.Operator && t.Value == "~");
        if (tilde <= 0)
        {
            throw FormulaTokens.Error(text, tilde < 0 ? 0 : tokens[0].Position, tilde < 0 ? "it has no '~' between the target and the terms" : "it names no target before '~'");
        }

        var at = 0;
        var target = new Parser(text, tokens).FactorAt(ref at);
        if (target.Expression is null || at != tilde)
        {
            throw FormulaTokens.Error(text, tokens[Math.Min(at, tilde)].Position, "the target must be one column, or arithmetic of columns such as np.log(y)");
        }

        at = tilde + 1;
        var parser = new Parser(text, tokens) { Dot = columns?.Where(c => !target.Columns.Contains(c)).ToList() };
        var (terms, signal) = parser.Sum(ref at);
        if (tokens[at].Kind != TokenKind.End)
        {
            throw FormulaTokens.Error(text, tokens[at].Position, $"'{tokens[at].Value}' is not expected here");
        }

        return new Formula(text, target, terms, intercept: signal >= 0);
    }

    /// <summary>The same formula without an intercept (--no-intercept).</summary>
    public Formula WithoutIntercept() => new(Text, Target, Terms, intercept: false);

    /// <summary>'.' expanded to every column of <paramref name="columns"/> that the target does not read (before '-' removes any).</summary>
    public Formula ExpandDot(IReadOnlyList<string> columns)
    {
        if (!Terms.Any(t => t.Factors.Contains(Factor.Dot)))
        {
            return this;
        }

        var expanded = Parse(Text, columns);
        return Intercept ? expanded : expanded.WithoutIntercept();
    }

    /// <summary>patsy's operators on term lists: + (union), - (removal), : (every pair's product), * (a + b + a:b).</summary>
    private sealed class Parser(string text, List<Token> tokens)
    {
        /// <summary>The columns '.' stands for; null keeps it a placeholder.</summary>
        public List<string>? Dot { get; init; }

        /// <summary>Terms, and what 0 or 1 said of the intercept: -1 removed, +1 restored, 0 nothing.</summary>
        public (List<Term> Terms, int Signal) Sum(ref int at)
        {
            List<Term> terms = [];
            var signal = 0;
            var first = true;
            while (true)
            {
                var minus = false;
                if (IsOp(at, "-") || IsOp(at, "+"))
                {
                    minus = tokens[at].Value == "-";
                    at++;
                }
                else if (!first)
                {
                    return (terms, signal);
                }

                first = false;
                var position = tokens[at].Position;
                var (right, rightSignal) = Product(ref at);
                if (minus)
                {
                    terms.RemoveAll(t => right.Any(r => r.SameAs(t)));
                    signal = rightSignal == 0 ? signal : -rightSignal;
                    if (rightSignal == 0 && right.Count == 0)
                    {
                        throw FormulaTokens.Error(text, position, "nothing to remove");
                    }
                }
                else
                {
                    terms.AddRange(right.Where(r => !terms.Any(t => t.SameAs(r))));
                    signal = rightSignal == 0 ? signal : rightSignal;
                }
            }
        }

        private (List<Term> Terms, int Signal) Product(ref int at)
        {
            var position = tokens[at].Position;
            var (left, signal) = Interaction(ref at);
            while (IsOp(at, "*") || IsOp(at, "/") || IsOp(at, "**"))
            {
                if (tokens[at].Value != "*")
                {
                    throw FormulaTokens.Error(text, tokens[at].Position, $"'{tokens[at].Value}' between terms is not supported; write the terms out with + and :");
                }

                at++;
                var (right, rightSignal) = Interaction(ref at);
                NoSignal(signal | rightSignal, position);
                var both = new List<Term>(left);
                both.AddRange(right.Where(r => !both.Any(t => t.SameAs(r))));
                both.AddRange(Products(left, right).Where(r => !both.Any(t => t.SameAs(r))));
                left = both;
            }

            return (left, signal);
        }

        private (List<Term> Terms, int Signal) Interaction(ref int at)
        {
            var position = tokens[at].Position;
            var (left, signal) = Unit(ref at);
            while (IsOp(at, ":"))
            {
                at++;
                var (right, rightSignal) = Unit(ref at);
                NoSignal(signal | rightSignal, position);
                left = Products(left, right);
            }

            return (left, signal);
        }

        private (List<Term> Terms, int Signal) Unit(ref int at)
        {
            var token = tokens[at];
            if (IsOp(at, "("))
            {
                at++;
                var inner = Sum(ref at);
                if (!IsOp(at, ")"))
                {
                    throw FormulaTokens.Error(text, tokens[at].Position, "expected ')'");
                }

                at++;
                return inner;
            }

            if (token.Kind == TokenKind.Number && token.Value is "0" or "1")
            {
                at++;
                return ([], token.Value == "1" ? 1 : -1);
            }

            if (IsOp(at, "."))
            {
                at++;
                return Dot is null ? ([new Term([Factor.Dot])], 0) : ([.. Dot.Select(c => new Term([Factor.Bare(c)]))], 0);
            }

            return ([new Term([FactorAt(ref at)])], 0);
        }

        /// <summary>A column, C(column), I(arithmetic) or a function of arithmetic, with its patsy name.</summary>
        public Factor FactorAt(ref int at)
        {
            var start = at;
            var token = tokens[at];
            if (token.Kind != TokenKind.Name)
            {
                throw FormulaTokens.Error(text, token.Position, token.Kind == TokenKind.End ? "the formula ends too soon" : $"'{token.Value}' cannot start a term");
            }

            var probe = at;
            var name = NumericExpr.DottedName(tokens, ref probe);
            if (name is "C" or "I" && IsOp(probe, "("))
            {
                var inner = probe + 1;
                var expression = NumericExpr.Parse(text, tokens, ref inner);
                if (!IsOp(inner, ")"))
                {
                    throw FormulaTokens.Error(text, tokens[inner].Position, name == "C" && tokens[inner].Kind != TokenKind.End ? "C() takes one column here (no contrast options)" : "expected ')'");
                }

                at = inner + 1;
                var spelled = FormulaTokens.Spell(tokens[start..at]);
                if (name == "I")
                {
                    return new Factor(spelled, expression, null, false);
                }

                return expression is NumericExpr.Column column
                    ? new Factor(spelled, null, column.Name, true)
                    : throw FormulaTokens.Error(text, token.Position, "C() takes a column's name, e.g. C(firm)");
            }

            var parsed = NumericExpr.ParseAtom(text, tokens, ref at);
            var code = FormulaTokens.Spell(tokens[start..at]);
            return parsed is NumericExpr.Column bare ? new Factor(code, parsed, bare.Name, false) : new Factor(code, parsed, null, false);
        }

        private void NoSignal(int signal, int position)
        {
            if (signal != 0)
            {
                throw FormulaTokens.Error(text, position, "0 and 1 stand alone (+ 0, - 1, 0 +), not in a product");
            }
        }

        private bool IsOp(int at, string op) => tokens[at].Kind == TokenKind.Operator && tokens[at].Value == op;

        private static List<Term> Products(List<Term> left, List<Term> right)
        {
            var products = new List<Term>();
            foreach (var l in left)
            {
                foreach (var r in right)
                {
                    var term = new Term([.. l.Factors, .. r.Factors.Where(f => !l.Factors.Any(g => g.Name == f.Name))]);
                    if (!products.Any(p => p.SameAs(term)))
                    {
                        products.Add(term);
                    }
                }
            }

            return products;
        }
    }
}
