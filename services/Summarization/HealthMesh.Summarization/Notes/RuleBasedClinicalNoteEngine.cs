using System.Diagnostics;
using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Radiology;
using HealthMesh.Summarization.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.Notes;

/// <summary>
/// The CPU rule engine: sectionizer, TextRank, dictionary coding with assertion, critical-finding rules. No model,
/// no download; its content hash covers the code table, dictionary, subsumed-code and combination-code tables it loaded,
/// the section classifier's model when one reads unheaded notes, and the embedding model with its uses when one
/// ranks sentences or retrieves codes.
/// </summary>
public sealed class RuleBasedClinicalNoteEngine : IClinicalNoteEngine
{
    public const string Name = "healthmesh-rules";
    public const string Version = "1.2.0";

    private readonly CodeProposer coder;
    private readonly EncounterNoteBuilder encounters;
    private readonly RadiologyNoteBuilder radiology;
    private readonly IUnheadedSectionClassifier? unheaded;

    public RuleBasedClinicalNoteEngine(IOptions<SummarizationOptions> options, IUnheadedSectionClassifier? unheaded = null, ISentenceEmbedder? embedder = null)
    {
        this.unheaded = unheaded;
        var codeTable = File.ReadAllBytes(SummarizationOptions.Resolve(options.Value.CodeTablePath));
        var dictionary = File.ReadAllBytes(SummarizationOptions.Resolve(options.Value.TermDictionaryPath));
        var subsumed = File.ReadAllBytes(SummarizationOptions.Resolve(options.Value.SubsumedCodesPath));
        var combinations = File.ReadAllBytes(SummarizationOptions.Resolve(options.Value.CombinationCodesPath));
        var table = Icd10CodeTable.Parse(System.Text.Encoding.UTF8.GetString(codeTable));
        var terms = ClinicalTermDictionary.Parse(System.Text.Encoding.UTF8.GetString(dictionary));
        var retrieval = embedder is not null && options.Value.EmbeddingCodeRetrieval;
        var ranking = embedder is not null && options.Value.EmbeddingSentenceRanking ? embedder : null;
        coder = new CodeProposer(
            table,
            terms,
            SubsumedCodeTable.Parse(System.Text.Encoding.UTF8.GetString(subsumed)),
            CombinationCodeTable.Parse(System.Text.Encoding.UTF8.GetString(combinations)),
            retrieval ? new EmbeddingCodeRetriever(embedder!, table, terms, options.Value.EmbeddingCodeMinSimilarity) : null);
        encounters = new EncounterNoteBuilder(coder, options.Value, ranking);
        radiology = new RadiologyNoteBuilder(coder, options.Value, ranking);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(codeTable);
        hash.AppendData(dictionary);
        hash.AppendData(subsumed);
        hash.AppendData(combinations);
        if (unheaded is not null)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(unheaded.ContentHash));
        }

        if (retrieval || ranking is not null)
        {
            // The same model used differently drafts differently: the uses and their settings are part of the provenance.
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{embedder!.ContentHash}|retrieval:{retrieval}:{options.Value.EmbeddingCodeMinSimilarity}|ranking:{ranking is not null}:{options.Value.EmbeddingRankingWeight}")));
        }

        Engine = new NoteEngine(Name, Version, "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public NoteEngine Engine { get; }

    public Task<StructuredNote> DraftAsync(NoteDraftRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var inputs = NoteInputsReader.Read(request.Context, unheaded);
        var read = Stopwatch.GetTimestamp();
        var draft = (request.Kind, inputs.Focus) switch
        {
            (NoteKind.EncounterSummary, Encounter) => encounters.Build(inputs),
            (NoteKind.RadiologyReport, DiagnosticReport) => radiology.Build(inputs),
            _ => throw new ClinicalNoteInputException(
                $"A {request.Kind} note needs an {(request.Kind == NoteKind.EncounterSummary ? "Encounter" : "DiagnosticReport")} as the context's first entry, not a {inputs.Focus.TypeName}."),
        };
        var built = Stopwatch.GetTimestamp();
        var codes = coder.Propose(draft.CodeEvidence);
        var coded = Stopwatch.GetTimestamp();

        return System.Threading.Tasks.Task.FromResult(new StructuredNote(
            request.WorkflowId,
            request.Revision,
            request.Kind,
            draft.Title,
            draft.Sections,
            codes,
            draft.Flags,
            inputs.Sources,
            Engine,
            request.CreatedAt,
            [
                new NoteTiming(KnownTimings.ReadInputs, Stopwatch.GetElapsedTime(started, read).TotalMilliseconds),
                new NoteTiming(KnownTimings.BuildSections, Stopwatch.GetElapsedTime(read, built).TotalMilliseconds),
                new NoteTiming(KnownTimings.ProposeCodes, Stopwatch.GetElapsedTime(built, coded).TotalMilliseconds),
            ]));
    }
}
