using System.Text.Json;
using System.Text.Json.Nodes;
using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Feedback;

/// <summary>
/// The feedback set as JSONL for evaluation and fine-tuning, one decision a line, and its summary per engine version.
/// Everything exported is what the reviewer saw or wrote: the de-identified draft, the approved note, the diff. Nothing
/// is re-identified here, and workflow ids (derived from the EHR resource's id) are left out: a line is keyed by its
/// random feedback id.
/// </summary>
public static class FeedbackExport
{
    public static async Task<int> WriteJsonLinesAsync(IEnumerable<ReviewFeedback> rows, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = new JsonObject
            {
                ["feedbackId"] = row.FeedbackId,
                ["noteKind"] = row.NoteKind.ToString(),
                ["engine"] = new JsonObject { ["name"] = row.EngineName, ["version"] = row.EngineVersion },
                ["revision"] = row.Revision,
                ["decision"] = row.Decision.ToString(),
                ["decidedAt"] = row.DecidedAt,
                ["secondsSpent"] = row.SecondsSpent,
                ["reason"] = row.Reason,
                ["draft"] = WithoutWorkflowId(row.Draft),
                ["final"] = row.Final is null ? null : WithoutWorkflowId(row.Final),
                ["diff"] = row.Diff is null ? null : JsonSerializer.SerializeToNode(row.Diff, ReviewFeedbackStore.Json),
            };
            await writer.WriteLineAsync(line.ToJsonString());
            count++;
        }

        return count;
    }

    public static IReadOnlyList<ModelFeedbackSummary> Summarize(IEnumerable<ReviewFeedback> rows) =>
        [.. rows.GroupBy(r => (r.EngineName, r.EngineVersion))
            .OrderBy(g => g.Key.EngineName, StringComparer.Ordinal).ThenBy(g => g.Key.EngineVersion, StringComparer.Ordinal)
            .Select(g =>
            {
                var approved = g.Where(r => r.Decision is ReviewDecision.Approved or ReviewDecision.ApprovedWithEdits).ToList();
                var edited = approved.Count(r => r.Decision == ReviewDecision.ApprovedWithEdits);
                var drafted = approved.Sum(r => r.Diff?.CodesAccepted.Count + r.Diff?.CodesRemoved.Count ?? 0);
                var kept = approved.Sum(r => r.Diff?.CodesAccepted.Count ?? 0);
                var seconds = g.Select(r => r.SecondsSpent).OfType<double>().Order().ToList();
                return new ModelFeedbackSummary(
                    g.Key.EngineName, g.Key.EngineVersion, g.Count(), approved.Count - edited, edited,
                    g.Count(r => r.Decision == ReviewDecision.Rejected), g.Count(r => r.Decision == ReviewDecision.RegenerationRequested),
                    Ratio(approved.Count, g.Count()), Ratio(edited, approved.Count), Ratio(kept, drafted), Median(seconds));
            })];

    private static JsonNode WithoutWorkflowId(StructuredNote note)
    {
        var node = JsonSerializer.SerializeToNode(note, ReviewFeedbackStore.Json)!.AsObject();
        node.Remove("workflowId");
        return node;
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static double? Median(List<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };
}
