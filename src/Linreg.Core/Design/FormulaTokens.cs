using System.Globalization;
using System.Text;

namespace Linreg.Core.Design;

internal enum TokenKind
{
    Name,
    Number,
    Text,
    Operator,
    End,
}

/// <param name="Position">0-based offset in the formula, for messages.</param>
internal sealed record Token(TokenKind Kind, string Value, int Position);

/// <summary>
/// The formula's tokens, Python's way (names may be dotted, as np.log), and patsy's spelling of a factor from its
/// tokens: a factor's name is its code with Python's spacing normalized (I(x**2) is named "I(x ** 2)"), which is the
/// name statsmodels prints, so a user of either sees the same term names.
/// </summary>
internal static class FormulaTokens
{
    private static readonly string[] Operators = ["**", "~", "+", "-", "*", "/", ":", "(", ")", ",", ".", "="];

    public static List<Token> Read(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i], start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.' || ((text[i] is 'e' or 'E') && i + 1 < text.Length) || ((text[i] is '+' or '-') && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw Error(text, start, "a quote is not closed");
                }

                tokens.Add(new Token(TokenKind.Text, text[start..(end + 1)], start));
                i = end + 1;
            }
            else if (Operators.FirstOrDefault(op => string.CompareOrdinal(text, i, op, 0, op.Length) == 0) is { } op)
            {
                tokens.Add(new Token(TokenKind.Operator, op, start));
                i += op.Length;
            }
            else
            {
                throw Error(text, start, $"'{c}' is not part of a formula");
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    public static LinregException Error(string formula, int position, string what) =>
        new(ExitCode.UsageError, string.Create(CultureInfo.InvariantCulture, $"--formula '{formula}': {what} (at character {position + 1}); write it as patsy does, e.g. 'y ~ x1 + C(g) + x1:x2 + I(x2**2) + np.log(x3)'"));

    /// <summary>patsy's pretty_untokenize: spaces around binary operators, none inside parentheses, ", " after commas.</summary>
    public static string Spell(IReadOnlyList<Token> tokens)
    {
        var text = new StringBuilder();
        var prevWantsSpace = false;
        var prevWasSpaceDelimited = false;
        var prevWasOpenOrComma = false;
        var prevWasObjectLike = false;
        foreach (var token in tokens)
        {
            if (token.Kind is TokenKind.Name or TokenKind.Number or TokenKind.Text)
            {
                if (prevWantsSpace || prevWasSpaceDelimited)
                {
                    text.Append(' ');
                }

                text.Append(token.Value);
                prevWantsSpace = false;
                prevWasSpaceDelimited = true;
            }
            else
            {
                var op = token.Value;
                var both = op is "+" or "-" or "*" or "/" or "**";
                var spaceBefore = both || op == "~";
                var spaceAfter = both || op is "," or ":";
                if (op is "*" or "**" && prevWasOpenOrComma)
                {
                    spaceBefore = spaceAfter = false;
                }

                if (op is "+" or "-" && !prevWasObjectLike)
                {
                    spaceBefore = spaceAfter = false;
                }

                if (prevWantsSpace || spaceBefore)
                {
                    text.Append(' ');
                }

                text.Append(op);
                prevWantsSpace = spaceAfter;
                prevWasSpaceDelimited = false;
            }

            prevWasObjectLike = token.Kind is TokenKind.Name or TokenKind.Number or TokenKind.Text || token.Value == ")";
            prevWasOpenOrComma = token.Value is "(" or ",";
        }

        return text.ToString();
    }
}
