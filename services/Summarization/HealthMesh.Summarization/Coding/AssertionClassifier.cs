using System.Text.RegularExpressions;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Coding;

/// <summary>
/// NegEx-style assertion of a mention within its sentence (ConText's categories: negated, hypothetical, uncertain,
/// historical, family): a trigger before the mention (or a few after it) applies
/// up to the end of its clause ("but", "however", ";" end the scope). Family-history sections make everything
/// family history. "History of" / "h/o" / "hx of" and a past-history section make a mention historical, except for
/// a chronic condition (<paramref name="chronic"/>: the dictionary's <c>chronic</c> flag), which the patient still has:
/// "history of hypertension" is coded as hypertension, "history of MI" and "h/o PE" are not coded as acute conditions.
/// "s/p", "status post", "previous", "remote history of" are historical for every condition.
/// </summary>
public static partial class AssertionClassifier
{
    private const int MaxWordsBetween = 8;

    public static Assertion Classify(string sentence, int mentionStart, int mentionLength, NoteSectionKind section, bool chronic = false)
    {
        if (section == NoteSectionKind.FamilyHistory)
        {
            return Assertion.FamilyHistory;
        }

        var before = ClauseBefore(sentence[..mentionStart]);
        var after = ClauseAfter(sentence[(mentionStart + mentionLength)..]);

        if (Within(FamilyTrigger(), before))
        {
            return Assertion.FamilyHistory;
        }

        if (Within(HypotheticalTrigger(), before))
        {
            return Assertion.Hypothetical;
        }

        if (Within(UncertainTrigger(), before) || UncertainAfter().IsMatch(after))
        {
            return Assertion.Uncertain;
        }

        if (Within(NegationTrigger(), before) || NegationAfter().IsMatch(after))
        {
            return Assertion.Negated;
        }

        if (Within(HistoricalTrigger(), before) || HistoricalAfter().IsMatch(after))
        {
            return Assertion.Historical;
        }

        if (!chronic && (section == NoteSectionKind.PastHistory || Within(HistoryOfTrigger(), before, PresentCue())))
        {
            return Assertion.Historical;
        }

        return Assertion.Present;
    }

    /// <summary>True when a trigger ends no more than <see cref="MaxWordsBetween"/> words before the mention (and, given a scope end, none of it lies between).</summary>
    private static bool Within(Regex trigger, string before, Regex? scopeEnd = null)
    {
        foreach (Match m in trigger.Matches(before))
        {
            var between = before[(m.Index + m.Length)..];
            if (WordCount().Matches(between).Count <= MaxWordsBetween && scopeEnd?.IsMatch(between) != true)
            {
                return true;
            }
        }

        return false;
    }

    private static string ClauseBefore(string text)
    {
        var cut = ClauseBreak().Matches(text).LastOrDefault();
        return cut is null ? text : text[(cut.Index + cut.Length)..];
    }

    private static string ClauseAfter(string text)
    {
        var cut = ClauseBreak().Match(text);
        return cut.Success ? text[..cut.Index] : text;
    }

    [GeneratedRegex(@"\b(?:but|however|although|though|except|apart from|aside from|yet|which|who)\b|[;:]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"\b(?:no|not|denies|denied|denying|without|negative for|no evidence of|no signs? of|free of|absence of|absent|never had|resolution of|rules? out for)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationTrigger();

    [GeneratedRegex(@"^\W*(?:\w+\W+){0,3}?(?:(?:was|is|has been|were|are)\s+)?(?:ruled out|excluded|unlikely|negative|not seen|not present|not identified|not confirmed|not supported|absent|resolved)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationAfter();

    [GeneratedRegex(@"\b(?:rule out|r/o|to exclude|evaluate for|evaluation for|assess for|if|should|in case of|risk of|risk for|screen(?:ing)? for)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HypotheticalTrigger();

    [GeneratedRegex(@"\b(?:concern for|concerning for|suspicious for|suspected|suspect|possible|possibly|probable|probably|questionable|query|likely|may have|may represent|could be|cannot exclude|can't exclude|differential includes)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UncertainTrigger();

    // Checked before negation: "pneumonia is not excluded" and "cannot be ruled out" leave the finding possible, not
    // absent. A trailing "likely" counts only at the clause end: "chest pain, likely angina" asserts the chest pain.
    [GeneratedRegex(@"^\W*(?:(?:is|was|are|were)\s+)?(?:not\s+(?:excluded|ruled out)|cannot\s+be\s+(?:excluded|ruled out)|can't\s+be\s+(?:excluded|ruled out)|(?:is\s+|are\s+)?(?:suspected|questioned|possible|likely|favored)\W*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UncertainAfter();

    [GeneratedRegex(@"\b(?:mother|father|sister|brother|sibling|siblings|aunt|uncle|grandmother|grandfather|grandparent|cousin|son|daughter|maternal|paternal|family history|family hx|fh of|parents?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FamilyTrigger();

    [GeneratedRegex(@"\b(?:remote history of|past history of|status post|s/p|previous|previously|prior episode of|in childhood|as a child|years ago|former|resolved|healed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HistoricalTrigger();

    [GeneratedRegex(@"\b(?:(?:history|hx|p?mh)\s+of|h/o)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HistoryOfTrigger();

    // "History of smoking, presents with pneumonia": the history ends where the present illness begins.
    [GeneratedRegex(@"\b(?:presents?|presenting|presented|now|today|currently|new|here|admitted)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PresentCue();

    [GeneratedRegex(@"^\W*(?:\w+\W+){0,3}?(?:(?:has|had|was|is)\s+)?(?:resolved|cleared|in remission|years ago|as a child)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HistoricalAfter();

    [GeneratedRegex(@"\b\w+\b", RegexOptions.CultureInvariant)]
    private static partial Regex WordCount();
}
