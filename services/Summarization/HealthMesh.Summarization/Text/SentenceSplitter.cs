using System.Text.RegularExpressions;

namespace HealthMesh.Summarization.Text;

/// <summary>
/// Splits clinical prose into sentences with their exact offsets. Blank lines and list items always break;
/// a period breaks unless it ends a title, an abbreviation, an initial or a decimal.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "vs", "e.g", "i.e", "approx", "etc", "st", "no", "pt", "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d",
        "fig", "mg", "ml", "cm", "mm", "min", "hr", "hrs", "wk", "wks", "yr", "yrs", "y.o", "h.o", "s.p",
    };

    public static IReadOnlyList<TextSpan> Split(string text, int start = 0, int? length = null)
    {
        var end = start + (length ?? text.Length - start);
        var sentences = new List<TextSpan>();
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            var boundaryAfter = -1;
            if (c == '\n' && (IsBlankLineAhead(text, i + 1, end) || IsListItemAhead(text, i + 1, end)))
            {
                boundaryAfter = i;
            }
            else if (c is '.' or '!' or '?' && EndsSentence(text, i, end))
            {
                boundaryAfter = i;
            }

            if (boundaryAfter >= 0)
            {
                Add(text, sentenceStart, boundaryAfter + 1, sentences);
                sentenceStart = boundaryAfter + 1;
            }
        }

        Add(text, sentenceStart, end, sentences);
        return sentences;
    }

    private static bool EndsSentence(string text, int i, int end)
    {
        if (i + 1 < end && !char.IsWhiteSpace(text[i + 1]))
        {
            return false;
        }

        if (text[i] != '.')
        {
            return true;
        }

        var word = WordBefore().Match(text[..i]).Value;
        if (IsListMarker(text, i - word.Length, word))
        {
            return false;
        }

        var lastPart = word.Split('.')[^1];
        if (lastPart.Length == 1 && char.IsUpper(lastPart[0]))
        {
            return false;
        }

        if (Abbreviations.Contains(word.TrimStart('(')))
        {
            // "3 mg." at a sentence end: a capital after it means a new sentence.
            var next = NextNonSpace(text, i + 1, end);
            return next is { } n && char.IsUpper(n) && word is not ("Dr" or "Mr" or "Mrs" or "Ms" or "Prof" or "St" or "dr" or "mr" or "mrs" or "ms");
        }

        return true;
    }

    /// <summary>
    /// "1." or "12." opening its line, or following a heading's colon or a finished sentence on the same line (the
    /// inline lists of radiology impressions: "IMPRESSION: 1. Cardiomegaly. 2. Nodule."), numbers a list item; its
    /// period ends nothing.
    /// </summary>
    private static bool IsListMarker(string text, int wordStart, string word)
    {
        if (word.Length is 0 or > 2 || !word.All(char.IsAsciiDigit))
        {
            return false;
        }

        for (var j = wordStart - 1; j >= 0 && text[j] != '\n'; j--)
        {
            if (!char.IsWhiteSpace(text[j]))
            {
                return text[j] is '.' or ':' or '!' or '?';
            }
        }

        return true;
    }

    private static char? NextNonSpace(string text, int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return text[i];
            }
        }

        return null;
    }

    private static bool IsBlankLineAhead(string text, int from, int end)
    {
        for (var i = from; i < end && text[i] != '\n'; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsListItemAhead(string text, int from, int end) =>
        from < end && ListItem().IsMatch(text.AsSpan(from, Math.Min(8, end - from)));

    private static void Add(string text, int from, int to, List<TextSpan> sentences)
    {
        while (from < to && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        while (to > from && char.IsWhiteSpace(text[to - 1]))
        {
            to--;
        }

        // The list marker ("1. ", "- ") is layout, not part of the sentence a note quotes.
        var marker = ListItem().Match(text, from, to - from);
        if (marker.Success)
        {
            from += marker.Length;
        }

        if (to > from && text.AsSpan(from, to - from).ContainsAnyExcept(" \t\r\n.-*•"))
        {
            sentences.Add(new TextSpan(from, to - from, text[from..to]));
        }
    }

    [GeneratedRegex(@"[\w.(]+$", RegexOptions.CultureInvariant)]
    private static partial Regex WordBefore();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d{1,2}[.)])\s", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();
}
