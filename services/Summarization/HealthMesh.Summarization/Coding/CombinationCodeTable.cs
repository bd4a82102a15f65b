namespace HealthMesh.Summarization.Coding;

/// <summary>
/// Combination codes ICD-10-CM presumes when two conditions are documented together, from a tab-separated file:
/// <c>combination, the code it replaces, the codes or three-character categories that trigger it</c>; <c>#</c> comments.
/// </summary>
public sealed class CombinationCodeTable
{
    private readonly IReadOnlyList<(string Combination, string Replaces, string[] With)> rules;

    private CombinationCodeTable(IReadOnlyList<(string, string, string[])> rules) => this.rules = rules;

    /// <exception cref="InvalidDataException">A line lacks one of its three fields (the line number is named).</exception>
    public static CombinationCodeTable Parse(string content)
    {
        var rules = new List<(string, string, string[])>();
        foreach (var (lineNumber, fields) in TabSeparatedLines.Read(content))
        {
            var with = fields.Length == 3 ? fields[2].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (with.Length == 0 || string.IsNullOrWhiteSpace(fields[0]) || string.IsNullOrWhiteSpace(fields[1]))
            {
                throw new InvalidDataException($"Combination-code table line {lineNumber} needs the combination, the code it replaces and the codes that trigger it, tab-separated.");
            }

            rules.Add((Icd10CodeTable.WithDot(fields[0].Trim()), Icd10CodeTable.WithDot(fields[1].Trim()), with.Select(Icd10CodeTable.WithDot).ToArray()));
        }

        return new CombinationCodeTable(rules);
    }

    /// <summary>
    /// The evidence with each replaced code turned into its combination, citing the replaced code's evidence and the
    /// triggering code's; evidence no rule applies to comes back unchanged.
    /// </summary>
    public IReadOnlyList<CodeEvidence> Apply(IReadOnlyList<CodeEvidence> evidence)
    {
        var result = evidence.ToList();
        foreach (var (combination, replaces, with) in rules)
        {
            var replaced = result.Where(e => e.Code.Equals(replaces, StringComparison.OrdinalIgnoreCase)).ToList();
            var triggers = result.Where(e => with.Any(w => e.Code.Equals(w, StringComparison.OrdinalIgnoreCase) || (w.Length == 3 && e.Code.StartsWith(w, StringComparison.OrdinalIgnoreCase)))).ToList();
            if (replaced.Count == 0 || triggers.Count == 0)
            {
                continue;
            }

            result.RemoveAll(replaced.Contains);
            var confidence = Math.Min(replaced.Max(e => e.Confidence), triggers.Max(e => e.Confidence));
            result.AddRange(replaced.Concat(triggers).Select(e => e.Evidence).Distinct()
                .Select(span => new CodeEvidence(combination, span, Math.Min(confidence, KnownCodingRules.Confidence(KnownCodingRules.Combination)), KnownCodingRules.Combination)));
        }

        return result;
    }
}
