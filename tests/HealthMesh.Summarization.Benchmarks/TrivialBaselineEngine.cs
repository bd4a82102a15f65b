using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Radiology;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>
/// What any pipeline could do without thinking, measured beside the rule engine: the first sentences of each text
/// (lead-N), every dictionary term found as an exact string coded (no assertion, no specificity), and a critical flag
/// wherever its finding's name appears.
/// </summary>
public sealed class TrivialBaselineEngine(ClinicalTermDictionary dictionary) : IClinicalNoteEngine
{
    private const int LeadSentences = 4;
    private const int LeadImpressionSentences = 2;

    private static readonly (string Flag, string[] Names)[] CriticalNames =
    [
        ("pneumothorax", ["pneumothorax"]),
        ("pneumoperitoneum", ["pneumoperitoneum", "free air"]),
        ("intracranial-hemorrhage", ["intracranial hemorrhage", "subdural", "subarachnoid", "intraparenchymal hemorrhage"]),
        ("pulmonary-embolism", ["pulmonary embol", "saddle embol"]),
        ("aortic-dissection", ["aortic dissection", "dissection of the"]),
        ("bowel-perforation", ["perforation"]),
        ("cord-compression", ["cord compression", "compression of the spinal cord"]),
    ];

    public NoteEngine Engine { get; } = new("trivial-baseline", "1", "none");

    public Task<StructuredNote> DraftAsync(NoteDraftRequest request, CancellationToken cancellationToken)
    {
        var inputs = NoteInputsReader.Read(request.Context);
        var sources = inputs.Sources;
        var narratives = inputs.Narratives.Select(n => n.Source).ToList();
        var lead = narratives.SelectMany(s => Lead(s, LeadSentences)).ToList();
        var sections = request.Kind == NoteKind.RadiologyReport
            ? [new NoteSection(KnownSections.Findings, "Findings", lead), new NoteSection(KnownSections.Impression, "Impression", narratives.SelectMany(s => Lead(s, LeadImpressionSentences)).Take(LeadImpressionSentences).ToList())]
            : new List<NoteSection> { new(KnownSections.Subjective, "Note", lead) };

        var codes = dictionary.Terms
            .SelectMany(term => narratives.Select(source => (term, source, at: source.Text.IndexOf(term.Term, term.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))))
            .Where(hit => hit.at >= 0)
            .GroupBy(hit => hit.term.Code)
            .Select(g => new ProposedCode(Icd10CodeTable.System, g.Key, g.Key, 0.5, "exact-string", g.Select(h => new Evidence(h.source.SourceId, h.at, h.term.Term.Length)).ToList()))
            .ToList();

        var flags = CriticalNames
            .Where(c => narratives.Any(s => c.Names.Any(n => s.Text.Contains(n, StringComparison.OrdinalIgnoreCase))))
            .Select(c => CriticalFindingDetector.FlagPrefix + c.Flag)
            .ToList();

        return System.Threading.Tasks.Task.FromResult(new StructuredNote(
            request.WorkflowId, request.Revision, request.Kind, "Baseline", sections, codes, flags, sources, Engine, request.CreatedAt));
    }

    private static IEnumerable<NoteSentence> Lead(NoteSource source, int count) =>
        SentenceSplitter.Split(source.Text).Take(count).Select(s => new NoteSentence(s.Text, [new Evidence(source.SourceId, s.Start, s.Length)]));
}
