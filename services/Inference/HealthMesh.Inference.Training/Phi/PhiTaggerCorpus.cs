using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Benchmarks.EvalSet;

namespace HealthMesh.Inference.Training.Phi;

/// <summary>A line of a note and the character spans of the names in it.</summary>
public sealed record TaggedLine(string Text, IReadOnlyList<(int Start, int Length)> Names);

/// <summary>
/// Training lines for the name tagger: notes from the de-identification evaluation generator under another seed, with
/// every labelled name word replaced by one from a training-only pool (disjoint from the generator's), so that what
/// the held-out set tests is recognising names from their context and shape, not remembering the generator's names.
/// </summary>
public static partial class PhiTaggerCorpus
{
    public const int Seed = 20_261_123;
    public const int Notes = 400;

    private static readonly string[] TrainingNames =
    [
        "Agnes", "Bartholomew", "Cordelia", "Desmond", "Esperanza", "Fitzgerald", "Genevieve", "Horatio", "Isadora", "Jasper",
        "Kalinda", "Leopold", "Magdalena", "Nikolai", "Ottilie", "Percival", "Rosalind", "Sebastian", "Tabitha", "Ulrich",
        "Valentina", "Winifred", "Xavier", "Yolanda", "Zachariah", "Amara", "Bjorn", "Chiamaka", "Dashiell", "Blackwood",
        "Castellanos", "Dunmore", "Eriksen", "Fontaine", "Galloway", "Hargreaves", "Ivanova", "Jorgensen", "Kilpatrick", "Lachance",
        "Montgomery", "Nakashima", "Oyelaran", "Pemberton", "Quintero", "Radcliffe", "Sorensen", "Takahashi", "Underwood", "Vandermeer",
        "Wainwright", "Yamamoto", "Zielinski", "Adeyemi", "Bergstrom", "Chaudhry", "Dubois", "Esposito", "Lee", "Cho",
    ];

    public static IReadOnlyList<TaggedLine> Training()
    {
        var random = new Random(Seed);
        return [.. EvalSetGenerator.Generate(Seed, Notes).SelectMany(note => Lines(Rename(note.Text, note.Spans.Where(s => s.Kind == "NAME").ToList(), random)))];
    }

    /// <summary>The lines of a note with its NAME labels, for scoring on the committed evaluation set.</summary>
    public static IReadOnlyList<TaggedLine> Lines(string text, IEnumerable<PhiLabel> labels) =>
        [.. Lines((text, labels.Where(l => l.Kind == "NAME").Select(l => (l.Start, l.Length)).ToList()))];

    private static (string Text, List<(int Start, int Length)> Names) Rename(string text, List<PhiLabel> names, Random random)
    {
        var chosen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var output = new System.Text.StringBuilder();
        var spans = new List<(int, int)>();
        var position = 0;
        foreach (var name in names.OrderBy(n => n.Start))
        {
            output.Append(text, position, name.Start - position);
            var start = output.Length;
            output.Append(Word().Replace(name.Text, m =>
            {
                if (!chosen.TryGetValue(m.Value, out var replacement))
                {
                    replacement = TrainingNames[random.Next(TrainingNames.Length)];
                    chosen[m.Value] = replacement;
                }

                return m.Value.All(c => !char.IsLetter(c) || char.IsUpper(c)) && m.Value.Length > 1 ? replacement.ToUpperInvariant() : replacement;
            }));
            spans.Add((start, output.Length - start));
            position = name.Start + name.Length;
        }

        output.Append(text, position, text.Length - position);
        return (output.ToString(), spans);
    }

    private static IEnumerable<TaggedLine> Lines((string Text, List<(int Start, int Length)> Names) note)
    {
        var start = 0;
        foreach (var line in note.Text.Split('\n'))
        {
            var names = note.Names.Where(n => n.Start >= start && n.Start < start + line.Length).Select(n => (n.Start - start, Math.Min(n.Length, start + line.Length - n.Start))).ToList();
            if (line.Trim().Length > 0)
            {
                yield return new TaggedLine(line, names);
            }

            start += line.Length + 1;
        }
    }

    [GeneratedRegex(@"[A-Za-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
