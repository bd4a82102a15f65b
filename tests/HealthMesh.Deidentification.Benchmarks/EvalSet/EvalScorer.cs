using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <summary>
/// Token-level scoring (a token is a run of letters or digits): a labelled token is found when a replaced span
/// overlaps it; a replaced token is right when any label covers it, whatever its kind (replacing an MRN as a phone
/// still removes it). Precision is per detector group, since one detector serves several kinds (MRN, account...).
/// </summary>
public static partial class EvalScorer
{
    public static EvalScore Score(OfflineDeidentifier engine, IReadOnlyList<EvalNote> notes, bool useContext) =>
        Score(
            notes,
            note => engine.FindPhi(note.Text, note.Name, useContext ? note.Context : null).Select(r => (r.Start, r.Length, Group(r), r.Original)).ToList(),
            note => useContext && note.Context is { } context ? engine.DeidentifyText(note.Text, context) : engine.DeidentifyText(note.Text, note.Name));

    /// <param name="find">The spans a detector replaces in a note, with the group each is scored under.</param>
    /// <param name="scrub">The note as the detector writes it, to check the must-stay words.</param>
    public static EvalScore Score(
        IReadOnlyList<EvalNote> notes,
        Func<EvalNote, IReadOnlyList<(int Start, int Length, string Group, string Original)>> find,
        Func<EvalNote, string> scrub)
    {
        var score = new EvalScore();
        foreach (var note in notes)
        {
            var found = find(note);
            var output = scrub(note);
            foreach (Match token in Token().Matches(note.Text))
            {
                var label = note.Labels.Spans.FirstOrDefault(l => Overlaps(l.Start, l.Length, token.Index, token.Length));
                var replaced = found.FirstOrDefault(r => Overlaps(r.Start, r.Length, token.Index, token.Length));
                var isReplaced = replaced != default;
                if (label is not null)
                {
                    score.Add(label.Kind, isReplaced);
                    if (!isReplaced)
                    {
                        score.Missed.Add($"{note.Name} {label.Kind} '{token.Value}' in '{label.Text}'");
                    }
                }

                if (isReplaced)
                {
                    score.AddPredicted(replaced.Group, label is not null);
                    if (label is null)
                    {
                        score.FalsePositives.Add($"{note.Name} {replaced.Group} '{token.Value}' in '{replaced.Original}'");
                    }
                }
            }

            foreach (var word in note.Labels.Preserve)
            {
                score.AddPreserved(word, output.Contains(word, StringComparison.Ordinal));
            }
        }

        return score;
    }

    /// <summary>The detector group of a replacement, to compare with the labelled kinds it serves.</summary>
    public static string Group(TextReplacement replacement) => replacement.Kind switch
    {
        SurrogateKind.GivenName or SurrogateKind.FamilyName or SurrogateKind.Initials => "NAME",
        SurrogateKind.Date => "DATE",
        SurrogateKind.Phone => "PHONE",
        SurrogateKind.Email => "EMAIL",
        SurrogateKind.Ssn => "SSN",
        SurrogateKind.Url => "URL",
        SurrogateKind.IpAddress => "IP",
        SurrogateKind.Identifier => "ID",
        _ when replacement.Surrogate == "90+" => "AGE90",
        _ when replacement.Surrogate.EndsWith("XX", StringComparison.Ordinal) => "ZIP",
        _ => "ADDRESS",
    };

    /// <summary>The detector group that finds a labelled kind.</summary>
    public static string GroupOf(string kind) => kind switch
    {
        "FAX" => "PHONE",
        "MRN" or "HEALTHPLAN" or "ACCOUNT" or "LICENSE" or "VEHICLE" or "DEVICE" or "OTHERID" => "ID",
        _ => kind,
    };

    private static bool Overlaps(int start, int length, int otherStart, int otherLength) =>
        start < otherStart + otherLength && otherStart < start + length;

    [GeneratedRegex(@"[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
