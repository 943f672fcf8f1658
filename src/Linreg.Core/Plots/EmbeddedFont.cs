using ScottPlot;
using SkiaSharp;

namespace Linreg.Core.Plots;

/// <summary>
/// DejaVu Sans from inside Linreg.Core.dll (a subset; see Plots/Fonts/LICENSE.txt), for every style asked for. Skia without
/// fontconfig finds no fonts on a minimal Linux install and then draws plots without a single label; with its own
/// font, linreg draws the same text on every machine.
/// </summary>
internal sealed class EmbeddedFont : IFontResolver
{
    /// <summary>A name no system font has, so the system's fonts never stand in for ours.</summary>
    public const string Name = "linreg DejaVu Sans";

    private static readonly Lazy<SKTypeface?> Typeface = new(() => Load("DejaVuSans.ttf"));
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Adds the font to ScottPlot's resolvers once per process.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                Fonts.FontResolvers.Insert(0, new EmbeddedFont());
                _registered = true;
            }
        }
    }

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, bold: false, italic: false);

    /// <summary>linreg's plots set every label in the regular face, so one face is all the font needs.</summary>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        string.Equals(fontName, Name, StringComparison.Ordinal) ? Typeface.Value : null;

    /// <summary>Whether the font could be read from the assembly (a build that lost it would draw no text).</summary>
    internal static bool IsAvailable => Typeface.Value is not null;

    /// <summary>Whether the subset has a glyph for every character of <paramref name="text"/> (else Skia draws a box).</summary>
    internal static bool Draws(string text) => Typeface.Value?.ContainsGlyphs(text) == true;

    private static SKTypeface? Load(string file)
    {
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream("Linreg.Core.Plots.Fonts." + file);
        if (stream is null)
        {
            return null;
        }

        // A copy in Skia's own memory: the typeface reads glyphs from it for as long as the process renders.
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        using var data = SKData.CreateCopy(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return SKTypeface.FromData(data);
    }
}
