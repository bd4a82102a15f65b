namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>The methods a rule can name; each is the key of one <see cref="Processors.IElementProcessor"/>.</summary>
public static class KnownMethods
{
    public const string Keep = "keep";
    public const string Redact = "redact";
    public const string DateShift = "dateShift";
    public const string Pseudonym = "pseudonym";
    public const string Substitute = "substitute";
    public const string Generalize = "generalize";
    public const string Perturb = "perturb";

    /// <summary>Free text (strings, markdown, narrative, text attachments): PHI found in it replaced by surrogates or tags.</summary>
    public const string Scrub = "scrub";

    public static readonly IReadOnlyList<string> All = [Keep, Redact, DateShift, Pseudonym, Substitute, Generalize, Perturb, Scrub];
}
