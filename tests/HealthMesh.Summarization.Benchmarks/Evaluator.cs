using HealthMesh.Contracts;
using HealthMesh.Summarization.Grounding;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Radiology;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>Drafts every case with an engine and scores the drafts against the gold files.</summary>
public static class Evaluator
{
    public static async Task<EvaluationResult> EvaluateAsync(IClinicalNoteEngine engine, IReadOnlyList<EvaluationCase> cases, CancellationToken cancellationToken = default)
    {
        var results = new List<CaseResult>();
        foreach (var evaluationCase in cases)
        {
            var note = await engine.DraftAsync(Request(evaluationCase), cancellationToken);
            results.Add(Score(evaluationCase.Gold, note));
        }

        return new EvaluationResult(results);
    }

    public static NoteDraftRequest Request(EvaluationCase evaluationCase) =>
        new(Guid.Empty, 1, evaluationCase.Kind, evaluationCase.Context, DateTimeOffset.UnixEpoch);

    public static CaseResult Score(GoldStandard gold, StructuredNote note)
    {
        var codes = note.Codes.Select(c => c.Code).ToList();
        var critical = note.Flags.Where(f => f.StartsWith(CriticalFindingDetector.FlagPrefix, StringComparison.Ordinal)).ToList();
        var sentences = note.Sections.SelectMany(s => s.Sentences).ToList();
        var impression = string.Join(' ', note.Sections.Where(s => s.Code == KnownSections.Impression).SelectMany(s => s.Sentences).Select(s => s.Text));
        return new CaseResult(
            gold.Id,
            SetScore.Of(codes, gold.Codes),
            gold.Codes.Except(codes, StringComparer.OrdinalIgnoreCase).ToList(),
            codes.Except(gold.Codes, StringComparer.OrdinalIgnoreCase).ToList(),
            SetScore.Of(critical, gold.CriticalFlags),
            sentences.Count,
            sentences.Count(s => NoteGrounding.IsGrounded(note, s)),
            note.Codes.Count,
            note.Codes.Count(c => NoteGrounding.IsGrounded(note, c)),
            gold.Impression is null ? null : RougeL.F1(impression, gold.Impression));
    }
}
