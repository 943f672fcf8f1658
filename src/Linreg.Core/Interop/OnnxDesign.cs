using System.Globalization;
using Google.Protobuf;
using Linreg.Core.Design;
using Onnx;

namespace Linreg.Core.Interop;

/// <summary>
/// The part of an ONNX graph that does what <see cref="DesignMatrix.Expand"/> does: one input per table column the
/// design reads (float [N, 1] for a number, string [N, 1] for a category, named as the column), each categorical
/// column one-hot encoded by ONNX-ML's OneHotEncoder over the model's levels, each numeric factor computed with
/// standard operators (Log, Exp, Sqrt, Abs, Neg, Add, Sub, Mul, Div, Pow), each design column the product of its
/// factors' values, and all of them concatenated in the model's feature order into one [N, k] tensor for the Gemm.
/// </summary>
internal sealed class OnnxDesign
{
    /// <summary>OneHotEncoder's domain; its only version is 1, which every ONNX Runtime since 0.x runs.</summary>
    public const string MlDomain = "ai.onnx.ml";

    public const long MlOpset = 1;

    /// <summary>Every value the design makes is named under this prefix, so that none is taken for a column.</summary>
    private const string Prefix = "linreg/";

    private readonly ModelDesign _design;
    private readonly int _elementType;
    private readonly Dictionary<string, string> _made = new(StringComparer.Ordinal);

    private OnnxDesign(ModelDesign design, int elementType)
    {
        _design = design;
        _elementType = elementType;
    }

    public List<ValueInfoProto> Inputs { get; } = [];

    public List<NodeProto> Nodes { get; } = [];

    public List<TensorProto> Initializers { get; } = [];

    /// <summary>The [N, k] tensor of design columns, in the model's feature order.</summary>
    public string Features { get; private set; } = string.Empty;

    /// <summary>The columns the graph takes, in the table's order: those the design's factors read.</summary>
    public static IReadOnlyList<string> InputColumns(ModelDesign design)
    {
        var read = design.Matrix.Factors.SelectMany(f => f.Columns).ToHashSet(StringComparer.Ordinal);
        return [.. design.Inputs.Where(read.Contains)];
    }

    /// <param name="reserved">The graph's other names (its output and the Gemm's initializers), which no column may take.</param>
    public static OnnxDesign Build(ModelDesign design, int elementType, IReadOnlyCollection<string> reserved)
    {
        var built = new OnnxDesign(design, elementType);
        foreach (var column in InputColumns(design))
        {
            if (reserved.Contains(column) || column.StartsWith(Prefix, StringComparison.Ordinal))
            {
                throw new LinregException(
                    ExitCode.ModelError,
                    $"column '{column}' cannot be an input of the ONNX graph, whose own values are named {string.Join(", ", reserved.Select(r => $"'{r}'"))} and '{Prefix}…'; rename the column and train again");
            }

            var categorical = design.Levels.TryGetValue(column, out var levels);
            var doc = categorical
                ? $"the column '{column}', one row per prediction: its category as text, one of {NameList.Join(levels!)} (another is an error)"
                : $"the column '{column}', one row per prediction";
            built.Inputs.Add(OnnxFile.Value(column, categorical ? (int)TensorProto.Types.DataType.String : elementType, 1, doc));
        }

        var matrix = design.Matrix;
        var columns = new List<string>();
        foreach (var parts in matrix.Columns)
        {
            string? product = null;
            foreach (var (factor, level) in parts)
            {
                var value = level < 0 ? built.Numeric(factor) : built.Level(matrix.Factors[factor].Column!, level);
                product = product is null ? value : built.Node("Mul", [product, value]);
            }

            columns.Add(product!);
        }

        built.Features = built.Node("Concat", columns, Int("axis", 1), hint: "features");
        return built;
    }

    /// <summary>A numeric factor's value, [N, 1], computed once however many columns use it.</summary>
    private string Numeric(int factor)
    {
        var f = _design.Matrix.Factors[factor];
        return Once("factor " + f.Name, () => Emit(f.Expression!, f.Name));
    }

    /// <summary>1 where the column holds the level, else 0, as [N, 1]; OneHotEncoder runs once per column.</summary>
    private string Level(string column, int level)
    {
        var encoded = Once("onehot " + column, () =>
        {
            var levels = _design.Levels[column];
            var cats = new AttributeProto { Name = "cats_strings", Type = AttributeProto.Types.AttributeType.Strings };
            cats.Strings.AddRange(levels.Select(ByteString.CopyFromUtf8));

            // zeros=0: a level the model never saw is an error, as it is for linreg predict, rather than a row of
            // zeros that would silently predict as the reference level.
            var onehot = Node("OneHotEncoder", [column], [cats, Int("zeros", 0)], MlDomain, hint: column);
            var flat = Node("Flatten", [onehot], Int("axis", 1), hint: column); // [N, 1, L] to [N, L]
            return _elementType == (int)TensorProto.Types.DataType.Float ? flat : Node("Cast", [flat], Int("to", _elementType), hint: column);
        });
        return Once($"level {level} {column}", () =>
        {
            var index = Tensor($"{Prefix}i{Initializers.Count}:index", (int)TensorProto.Types.DataType.Int64, [1]);
            index.Int64Data.Add(level);
            Initializers.Add(index);
            return Node("Gather", [encoded, index.Name], Int("axis", 1), hint: $"{column}[{_design.Levels[column][level]}]");
        });
    }

    /// <summary>The expression as nodes, evaluated as <see cref="NumericExpr.Compile"/> evaluates it.</summary>
    private string Emit(NumericExpr expression, string factor) => expression switch
    {
        NumericExpr.Column column => column.Name,
        NumericExpr.Constant constant => Constant(constant.Value),
        NumericExpr.Negate negate => Node("Neg", [Emit(negate.Operand, factor)]),
        NumericExpr.Binary { Op: '^', Right: NumericExpr.Constant { Value: 2 } } square => Square(Emit(square.Left, factor)),
        NumericExpr.Binary binary => Node(
            binary.Op switch { '+' => "Add", '-' => "Sub", '*' => "Mul", '/' => "Div", _ => "Pow" },
            [Emit(binary.Left, factor), Emit(binary.Right, factor)]),
        NumericExpr.Call call => Call(call, Emit(call.Argument, factor), factor),
        _ => throw Unsupported(factor, expression.GetType().Name),
    };

    /// <summary>numpy squares by a product (x**2 is x*x to the last bit), and so does linreg.</summary>
    private string Square(string x) => Node("Mul", [x, x]);

    private string Call(NumericExpr.Call call, string argument, string factor)
    {
        var bare = call.Name[(call.Name.LastIndexOf('.') + 1)..];
        return bare switch
        {
            "log" => Node("Log", [argument]),
            "exp" => Node("Exp", [argument]),
            "sqrt" => Node("Sqrt", [argument]),
            "abs" => Node("Abs", [argument]),
            "log10" => Node("Div", [Node("Log", [argument]), Constant(Math.Log(10))]),
            "log2" => Node("Div", [Node("Log", [argument]), Constant(Math.Log(2))]),
            _ => throw Unsupported(factor, call.Name + "()"),
        };
    }

    private LinregException Unsupported(string factor, string what) => new(
        ExitCode.ModelError,
        $"the model's factor {factor} (formula '{_design.FormulaText}') uses {what}, which export cannot write as ONNX operators; use log, exp, sqrt, abs, log10, log2 and + - * / ** in the formula");

    /// <summary>A scalar initializer, which ONNX broadcasts over [N, 1].</summary>
    private string Constant(double value)
    {
        var tensor = Tensor($"{Prefix}i{Initializers.Count}:{value.ToString("R", CultureInfo.InvariantCulture)}", _elementType, []);
        if (_elementType == (int)TensorProto.Types.DataType.Double)
        {
            tensor.DoubleData.Add(value);
        }
        else
        {
            tensor.FloatData.Add((float)value);
        }

        Initializers.Add(tensor);
        return tensor.Name;
    }

    private string Once(string key, Func<string> make)
    {
        if (!_made.TryGetValue(key, out var name))
        {
            name = make();
            _made[key] = name;
        }

        return name;
    }

    private string Node(string op, IEnumerable<string> inputs, AttributeProto? attribute = null, string hint = "") =>
        Node(op, inputs, attribute is null ? [] : [attribute], string.Empty, hint);

    private string Node(string op, IEnumerable<string> inputs, AttributeProto[] attributes, string domain, string hint = "")
    {
        // Numbered, so every value's name is unique; the hint only helps whoever reads the graph.
        var name = $"{Prefix}{Nodes.Count}:{(hint.Length > 0 ? hint : op)}";
        var node = new NodeProto { Name = name, OpType = op, Domain = domain, Input = { inputs }, Output = { name } };
        node.Attribute.AddRange(attributes);
        Nodes.Add(node);
        return name;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static TensorProto Tensor(string name, int elementType, long[] dims) => new()
    {
        Name = name,
        DataType = elementType,
        Dims = { dims },
    };
}
