using System.Text;
using HealthMesh.Contracts;
using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.UnitTests.TestModels;
using HealthMesh.Summarization;
using HealthMesh.Summarization.Generative;
using HealthMesh.Summarization.Notes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HealthMesh.Inference.UnitTests.Summarization;

/// <summary>What a generative model writes reaches the draft only through the grounding check.</summary>
public sealed class GenerativeNoteEngineTests : IDisposable
{
    private const string Note = "Cough for two days. Lungs clear. Start honey and fluids.";
    private readonly ModelFolders _folders = new();

    [Fact]
    public void Grounded_sentences_are_kept_and_cited_and_the_rest_dropped()
    {
        NoteSource[] sources = [new("DocumentReference/d1", "Visit note", Note)];
        const string json = """{"title":"t","sections":[{"code":"objective","sentences":["Lungs clear.","Lungs clear.","Heart murmur."]},{"code":"plan","sentences":["Start honey and fluids."]},{"code":"assessment","sentences":["Pneumonia."]}]}""";

        var (sections, dropped) = GroundedDraftReader.Read(json, sources);

        Assert.Equal(3, dropped);
        Assert.Equal(["objective", "plan"], sections.Select(s => s.Code));
        var lungs = Assert.Single(sections[0].Sentences);
        Assert.Equal(new HealthMesh.Contracts.Evidence("DocumentReference/d1", Note.IndexOf("Lungs clear.", StringComparison.Ordinal), 12), Assert.Single(lungs.Evidence));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_model_that_writes_nothing_grounded_leaves_the_rule_draft_under_its_own_engine_name()
    {
        var options = ModelFolders.Options(o => o.Models[SummarizationOptions.GenerativeModelName] = new TinyCausalModel(7, 1f).WriteFolder(_folders.Root));
        await using var registry = new OnnxModelRegistry(ModelFolders.Loader(options), Options.Create(options));
        var settings = Options.Create(new SummarizationOptions { GenerativeMaxNewTokens = 40 });
        var rules = new RuleBasedClinicalNoteEngine(settings);
        var engine = new GenerativeClinicalNoteEngine(rules, registry, settings, NullLogger<GenerativeClinicalNoteEngine>.Instance);
        var request = new NoteDraftRequest(Guid.NewGuid(), 1, NoteKind.EncounterSummary, Context(), DateTimeOffset.UnixEpoch);

        var draft = await engine.DraftAsync(request, CancellationToken.None);
        var ruleDraft = await rules.DraftAsync(request, CancellationToken.None);

        Assert.Equal(GenerativeClinicalNoteEngine.Name, draft.Engine.Name);
        Assert.Equal(ruleDraft.Sections.SelectMany(s => s.Sentences).Select(s => s.Text), draft.Sections.SelectMany(s => s.Sentences).Select(s => s.Text));
    }

    public void Dispose() => _folders.Dispose();

    private static Bundle Context() => new()
    {
        Type = Bundle.BundleType.Collection,
        Entry =
        [
            new Bundle.EntryComponent { Resource = new Encounter { Id = "e1", Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB") } },
            new Bundle.EntryComponent
            {
                Resource = new DocumentReference
                {
                    Id = "d1",
                    Status = DocumentReferenceStatus.Current,
                    Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = Encoding.UTF8.GetBytes("HPI: " + Note) } }],
                },
            },
        ],
    };
}
