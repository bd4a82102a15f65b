using Hl7.Fhir.Model;

namespace HealthMesh.Intake.Consent;

/// <summary>The configured policy URIs and <c>system|code</c> tokens as sets, and the tests of a Consent against them.</summary>
internal sealed class ConsentMatcher
{
    private readonly HashSet<string> policyUris;
    private readonly HashSet<string> policyRules;
    private readonly HashSet<string> categories;
    private readonly HashSet<string> provisionCodes;

    public ConsentMatcher(ConsentOptions options)
    {
        var defaults = options.UsesDefaultPolicy;
        policyUris = new(defaults ? [KnownConsentCodes.AiDocumentationPolicy] : options.PolicyUris, StringComparer.Ordinal);
        policyRules = new(options.PolicyRules, StringComparer.Ordinal);
        categories = new(options.Categories, StringComparer.Ordinal);
        provisionCodes = new(
            defaults ? [$"{KnownConsentCodes.AiDocumentationCodeSystem}|{KnownConsentCodes.AiDocumentationCode}"] : options.ProvisionCodes,
            StringComparer.Ordinal);
    }

    /// <summary>What lists the Consent as a whole (policy URI, policy rule or category), or null.</summary>
    public string? ListedBy(Hl7.Fhir.Model.Consent consent)
    {
        if (consent.Policy.Select(p => p.Uri).FirstOrDefault(u => u is not null && policyUris.Contains(u)) is { } uri)
        {
            return $"policy {uri}";
        }

        if (Tokens(consent.PolicyRule?.Coding ?? []).FirstOrDefault(policyRules.Contains) is { } rule)
        {
            return $"policyRule {rule}";
        }

        return Tokens(consent.Category.SelectMany(c => c.Coding)).FirstOrDefault(categories.Contains) is { } category
            ? $"category {category}"
            : null;
    }

    /// <summary>The first listed code among the provision's own purpose, class, action and code, or null.</summary>
    public string? ProvisionCode(Hl7.Fhir.Model.Consent.provisionComponent provision) =>
        Tokens(Codings(provision)).FirstOrDefault(provisionCodes.Contains);

    public static bool HasCodes(Hl7.Fhir.Model.Consent.provisionComponent provision) => Codings(provision).Any();

    private static IEnumerable<Coding> Codings(Hl7.Fhir.Model.Consent.provisionComponent provision) =>
        provision.Purpose
            .Concat(provision.Class)
            .Concat(provision.Action.SelectMany(a => a.Coding))
            .Concat(provision.Code.SelectMany(c => c.Coding));

    private static IEnumerable<string> Tokens(IEnumerable<Coding> codings) =>
        codings.Where(c => !string.IsNullOrEmpty(c.System) && !string.IsNullOrEmpty(c.Code)).Select(c => $"{c.System}|{c.Code}");
}
