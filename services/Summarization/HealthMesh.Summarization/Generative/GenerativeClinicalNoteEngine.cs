using System.Security.Cryptography;
using System.Text;
using HealthMesh.Contracts;
using HealthMesh.Inference.Generation;
using HealthMesh.Inference.Runtime;
using HealthMesh.Summarization.Notes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.Generative;

/// <summary>
/// A hospital's own causal LLM (ONNX, <c>HealthMesh:Summarization:GenerativeModelPath</c>) writes the note sections:
/// decoding is constrained to the structured-note grammar, so the output always parses; every sentence then goes
/// through the grounding check. Codes and critical flags stay with the rule engine; when no generated sentence is
/// grounded the rule draft is used as is.
/// </summary>
public sealed class GenerativeClinicalNoteEngine : IClinicalNoteEngine
{
    public const string Name = "healthmesh-generative";
    private readonly RuleBasedClinicalNoteEngine _rules;
    private readonly OnnxModel _model;
    private readonly CausalGenerator _generator;
    private readonly CharacterGrammar _grammar = StructuredNoteGrammar.Create();
    private readonly SummarizationOptions _options;
    private readonly ILogger<GenerativeClinicalNoteEngine> _logger;

    public GenerativeClinicalNoteEngine(RuleBasedClinicalNoteEngine rules, OnnxModelRegistry registry, IOptions<SummarizationOptions> options, ILogger<GenerativeClinicalNoteEngine> logger)
    {
        _rules = rules;
        _model = registry.Get(SummarizationOptions.GenerativeModelName);
        _generator = new CausalGenerator(_model);
        _options = options.Value;
        _logger = logger;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(rules.Engine.ContentHash + _model.ContentHash));
        Engine = new NoteEngine(Name, $"{_model.Manifest.Name}@{_model.Manifest.Version}+{rules.Engine.Version}", "sha256:" + Convert.ToHexStringLower(hash));
    }

    public NoteEngine Engine { get; }

    public async Task<StructuredNote> DraftAsync(NoteDraftRequest request, CancellationToken cancellationToken)
    {
        var ruleNote = await _rules.DraftAsync(request, cancellationToken).ConfigureAwait(false);
        var prompt = Prompt(request.Kind, ruleNote.Sources);
        var generated = await Task.Run(() => _generator.Generate(prompt, new GenerationOptions(_options.GenerativeMaxNewTokens, _options.GenerativeBeams), _grammar), cancellationToken).ConfigureAwait(false);
        var (sections, dropped) = GroundedDraftReader.Read(generated.Text, ruleNote.Sources);
        // Counts only: generated text may quote the record.
        _logger.LogInformation("Workflow {WorkflowId}: generated {Kept} grounded sentences, dropped {Dropped} ungrounded (stop: {Stop})", request.WorkflowId, sections.Sum(s => s.Sentences.Count), dropped, generated.Stop);
        return sections.Count == 0 ? ruleNote with { Engine = Engine } : ruleNote with { Sections = sections, Engine = Engine };
    }

    private long[] Prompt(NoteKind kind, IReadOnlyList<NoteSource> sources)
    {
        var text = new StringBuilder($"Write the {kind} note as JSON. Quote source sentences only.\n");
        foreach (var source in sources)
        {
            text.Append(source.Label).Append(": ").Append(source.Text).Append('\n');
        }

        var ids = _model.Tokenizer.EncodeIds(text.ToString());
        var room = Math.Max(1, _model.Manifest.MaxLength - _options.GenerativeMaxNewTokens);
        return ids.Length <= room ? ids : ids[^room..];
    }
}
