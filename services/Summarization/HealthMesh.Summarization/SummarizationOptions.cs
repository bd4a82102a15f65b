using System.ComponentModel.DataAnnotations;
using HealthMesh.Summarization.Notes;

namespace HealthMesh.Summarization;

/// <summary>Settings of the rule-based note engine. Section <c>HealthMesh:Summarization</c>.</summary>
public sealed class SummarizationOptions : IValidatableObject
{
    public const string SectionName = "HealthMesh:Summarization";

    /// <summary>
    /// ICD-10-CM codes in the CMS order-file layout. Relative paths are resolved against the application directory.
    /// Default: the starter table shipped with the service.
    /// </summary>
    [Required]
    public string CodeTablePath { get; set; } = "Coding/Data/icd10cm-order-starter.txt";

    /// <summary>Term, synonym and abbreviation → code dictionary (tab-separated). Default: the shipped dictionary.</summary>
    [Required]
    public string TermDictionaryPath { get; set; } = "Coding/Data/clinical-terms.tsv";

    /// <summary>
    /// Codes left out beside the codes that subsume them (symptoms beside their diagnosis), tab-separated.
    /// Default: the shipped table.
    /// </summary>
    [Required]
    public string SubsumedCodesPath { get; set; } = "Coding/Data/subsumed-codes.tsv";

    /// <summary>Combination codes presumed from two proposed codes (hypertension with CKD), tab-separated. Default: the shipped table.</summary>
    [Required]
    public string CombinationCodesPath { get; set; } = "Coding/Data/combination-codes.tsv";

    /// <summary>
    /// Most note sentences per section, beside the structured facts (radiology Findings get twice this). Default 4.
    /// Sentences that carry a proposed code's evidence or a critical finding are kept beyond it.
    /// </summary>
    [Range(1, 50)]
    public int MaxSentencesPerSection { get; set; } = 4;

    /// <summary>
    /// Most characters of note sentences per section, beside the structured facts (radiology Findings get twice this),
    /// filled in rank order after <see cref="MaxSentencesPerSection"/>. Default 600 (about four clinical sentences, what
    /// a reviewer reads in seconds). Sentences that carry a proposed code's evidence or a critical finding are kept
    /// beyond it.
    /// </summary>
    [Range(40, 20000)]
    public int MaxCharactersPerSection { get; set; } = 600;

    /// <summary>
    /// Most sentences of an impression generated for a report that has none. Default 2. Sentences with a critical
    /// finding are kept beyond it. A radiologist's own impression is never shortened.
    /// </summary>
    [Range(1, 10)]
    public int MaxGeneratedImpressionSentences { get; set; } = 2;

    public SectionBudget SectionBudget => new(MaxSentencesPerSection, MaxCharactersPerSection);

    /// <summary>TF-IDF cosine at or above which a sentence repeats a fact or an earlier sentence and is left out. Default 0.6.</summary>
    [Range(0.1, 1.0)]
    public double DuplicateSimilarity { get; set; } = 0.6;

    /// <summary>Name the section classifier is registered under in <c>HealthMesh:Inference:Models</c>.</summary>
    public const string SectionModelName = "section-classifier";

    /// <summary>
    /// Model folder of the classifier that names the sections of notes without headings (manifest labels are section
    /// names). Empty: rules only (an unheaded note is all history of present illness). Default: the shipped model.
    /// </summary>
    public string SectionModelPath { get; set; } = "Models/section-classifier";

    /// <summary>Probability below which a classified sentence keeps the rule answer. Default 0.5.</summary>
    [Range(0.0, 1.0)]
    public double SectionModelMinConfidence { get; set; } = 0.5;

    /// <summary>Name the generative model is registered under in <c>HealthMesh:Inference:Models</c>.</summary>
    public const string GenerativeModelName = "note-writer";

    /// <summary>
    /// Model folder of a causal LLM (ONNX, task CausalGeneration) that writes the note sections under the
    /// structured-note grammar; only grounded sentences are kept. Empty (default): the rule engine writes them.
    /// </summary>
    public string GenerativeModelPath { get; set; } = "";

    /// <summary>Most tokens the generative model writes per note. Default 512.</summary>
    [Range(16, 8192)]
    public int GenerativeMaxNewTokens { get; set; } = 512;

    /// <summary>Beam width of the generative model (1: greedy). Default 1.</summary>
    [Range(1, 16)]
    public int GenerativeBeams { get; set; } = 1;

    /// <summary>Name the embedding model is registered under in <c>HealthMesh:Inference:Models</c>.</summary>
    public const string EmbeddingModelName = "text-embedding";

    /// <summary>
    /// Model folder of a TextEmbedding model for code retrieval and sentence ranking (see the uses below). Empty
    /// (default): rules only. The project ships one, <c>Models/text-embedding</c>.
    /// </summary>
    public string EmbeddingModelPath { get; set; } = "";

    /// <summary>With an embedding model: a Condition neither ICD-10-CM-coded nor a dictionary term gets the nearest code. Default true.</summary>
    public bool EmbeddingCodeRetrieval { get; set; } = true;

    /// <summary>Cosine at or above which a retrieved code is proposed. Default 0.8.</summary>
    [Range(0.0, 1.0)]
    public double EmbeddingCodeMinSimilarity { get; set; } = 0.8;

    /// <summary>With an embedding model: TextRank's sentence similarity blends in embedding cosine. Default true.</summary>
    public bool EmbeddingSentenceRanking { get; set; } = true;

    /// <summary>Share of embedding cosine in TextRank's sentence similarity (the rest is TF-IDF cosine). Default 0.5.</summary>
    [Range(0.0, 1.0)]
    public double EmbeddingRankingWeight { get; set; } = 0.5;

    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, path) in new[] { (nameof(CodeTablePath), CodeTablePath), (nameof(TermDictionaryPath), TermDictionaryPath), (nameof(SubsumedCodesPath), SubsumedCodesPath), (nameof(CombinationCodesPath), CombinationCodesPath) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(Resolve(path)))
            {
                yield return new ValidationResult($"HealthMesh:Summarization:{name} '{path}' does not exist.", [name]);
            }
        }

        if (!string.IsNullOrWhiteSpace(GenerativeModelPath) && !Directory.Exists(Resolve(GenerativeModelPath)))
        {
            yield return new ValidationResult($"HealthMesh:Summarization:{nameof(GenerativeModelPath)} '{GenerativeModelPath}' is not a folder.", [nameof(GenerativeModelPath)]);
        }

        if (!string.IsNullOrWhiteSpace(EmbeddingModelPath) && !Directory.Exists(Resolve(EmbeddingModelPath)))
        {
            yield return new ValidationResult($"HealthMesh:Summarization:{nameof(EmbeddingModelPath)} '{EmbeddingModelPath}' is not a folder (set it empty for rules only).", [nameof(EmbeddingModelPath)]);
        }

        if (!string.IsNullOrWhiteSpace(SectionModelPath) && !Directory.Exists(Resolve(SectionModelPath)))
        {
            yield return new ValidationResult($"HealthMesh:Summarization:{nameof(SectionModelPath)} '{SectionModelPath}' is not a folder (set it empty for rules only).", [nameof(SectionModelPath)]);
        }
    }
}
