namespace HealthMesh.Summarization.Coding;

/// <summary>
/// Codes that are not proposed beside another (a symptom beside the diagnosis it is part of), from a tab-separated file:
/// <c>code, then the codes or three-character categories that make it redundant</c>; <c>#</c> comments.
/// </summary>
public sealed class SubsumedCodeTable
{
    private readonly Dictionary<string, string[]> subsumers;

    private SubsumedCodeTable(Dictionary<string, string[]> subsumers) => this.subsumers = subsumers;

    /// <exception cref="InvalidDataException">A line has no subsuming code (the line number is named).</exception>
    public static SubsumedCodeTable Parse(string content)
    {
        var subsumers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (lineNumber, fields) in TabSeparatedLines.Read(content))
        {
            var by = fields.Length == 2 ? fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (string.IsNullOrWhiteSpace(fields[0]) || by.Length == 0)
            {
                throw new InvalidDataException($"Subsumed-code table line {lineNumber} needs a code, a tab and the codes that subsume it.");
            }

            subsumers[Icd10CodeTable.WithDot(fields[0].Trim())] = by.Select(Icd10CodeTable.WithDot).ToArray();
        }

        return new SubsumedCodeTable(subsumers);
    }

    /// <summary>True when one of <paramref name="proposed"/> is, or falls in a category, that subsumes <paramref name="code"/>.</summary>
    public bool IsSubsumed(string code, IEnumerable<string> proposed) =>
        subsumers.TryGetValue(code, out var by)
        && proposed.Any(p => !p.Equals(code, StringComparison.OrdinalIgnoreCase) && by.Any(b => p.Equals(b, StringComparison.OrdinalIgnoreCase) || (b.Length == 3 && p.StartsWith(b, StringComparison.OrdinalIgnoreCase))));
}
