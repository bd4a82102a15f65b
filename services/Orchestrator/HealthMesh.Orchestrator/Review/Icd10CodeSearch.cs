using System.Text;
using HealthMesh.Summarization;
using HealthMesh.Summarization.Coding;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// Code search over the ICD-10-CM table Summarization codes from (<c>HealthMesh:Summarization:CodeTablePath</c>), so a
/// reviewer can only add codes the coder could have proposed. The file is parsed by Summarization's
/// <see cref="Icd10CodeTable"/>; that type looks codes up but does not list them, so the listing takes each row's code
/// column and resolves it through the parsed table.
/// </summary>
public sealed class Icd10CodeSearch
{
    public const int MaxResults = 50;

    // The order file's code column: 7 characters after the 5-digit order number and a space.
    private const int CodeColumn = 6;
    private const int CodeWidth = 7;

    private readonly Icd10CodeTable table;
    private readonly IReadOnlyList<Icd10Code> codes;

    public Icd10CodeSearch(IOptions<SummarizationOptions> options)
    {
        var content = File.ReadAllText(SummarizationOptions.Resolve(options.Value.CodeTablePath), Encoding.UTF8);
        table = Icd10CodeTable.Parse(content);
        codes = content.Split('\n')
            .Where(line => line.TrimEnd('\r').Length > CodeColumn + CodeWidth)
            .Select(line => table.TryGet(line.Substring(CodeColumn, CodeWidth).Trim(), out var code) ? code : null)
            .OfType<Icd10Code>()
            .DistinctBy(code => code.Code)
            .ToList();
    }

    public int Count => codes.Count;

    /// <summary>A known code, with or without its dot, in any case.</summary>
    public bool TryGet(string code, out Icd10Code found) => table.TryGet(code, out found);

    /// <summary>
    /// Codes whose code starts with the query (dot optional), then codes whose description contains every word of it;
    /// billable codes before category headers, then in table order. Empty for a blank query.
    /// </summary>
    public IReadOnlyList<CodeSearchResult> Search(string? query, int limit = 20)
    {
        var words = (query ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return [];
        }

        var prefix = query!.Trim().Replace(".", string.Empty, StringComparison.Ordinal);
        return codes
            .Select(code => (code, rank: code.Code.Replace(".", string.Empty, StringComparison.Ordinal).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                ? 0
                : words.All(w => code.LongDescription.Contains(w, StringComparison.OrdinalIgnoreCase) || code.ShortDescription.Contains(w, StringComparison.OrdinalIgnoreCase))
                    ? 1
                    : -1))
            .Where(c => c.rank >= 0)
            .OrderBy(c => c.rank)
            .ThenBy(c => c.code.Billable ? 0 : 1)
            .Take(Math.Clamp(limit, 1, MaxResults))
            .Select(c => new CodeSearchResult(Icd10CodeTable.System, c.code.Code, c.code.LongDescription, c.code.Billable))
            .ToList();
    }
}
