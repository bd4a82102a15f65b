namespace HealthMesh.Intake.Consent;

/// <summary>
/// Which FHIR R4 <c>Consent</c> resources decide whether a patient's notes may be drafted with AI assistance. Section
/// <c>HealthMesh:Consent</c>. A Consent is about AI-assisted documentation when its <c>policy.uri</c>, <c>policyRule</c>
/// or <c>category</c> is listed here, or when one of its provisions carries a listed code (<c>provision.purpose</c>,
/// <c>.action</c>, <c>.code</c> or <c>.class</c>). With none of the four lists set, the default policy applies:
/// <c>policy.uri</c> <see cref="KnownConsentCodes.AiDocumentationPolicy"/> or provision code
/// <see cref="KnownConsentCodes.AiDocumentationCodeSystem"/>|<see cref="KnownConsentCodes.AiDocumentationCode"/>.
/// Codes are written <c>system|code</c>.
/// </summary>
public sealed class ConsentOptions
{
    public const string SectionName = "HealthMesh:Consent";

    /// <summary>
    /// Check consent before a workflow starts and again before write-back (default true). Turn it off only for an EHR
    /// that keeps no Consent resources and whose patients agreed to AI-assisted documentation in another way.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Absolute URIs matched against <c>Consent.policy.uri</c>.</summary>
    public string[] PolicyUris { get; set; } = [];

    /// <summary><c>system|code</c> tokens matched against <c>Consent.policyRule</c>.</summary>
    public string[] PolicyRules { get; set; } = [];

    /// <summary><c>system|code</c> tokens matched against <c>Consent.category</c>.</summary>
    public string[] Categories { get; set; } = [];

    /// <summary><c>system|code</c> tokens matched against a provision's purpose, action, code and class.</summary>
    public string[] ProvisionCodes { get; set; } = [];

    /// <summary>
    /// The decision when no active Consent is about AI-assisted documentation (default <see cref="ConsentDecisionKind.Permit"/>:
    /// an opt-out model). Set <see cref="ConsentDecisionKind.Deny"/> where patients must opt in.
    /// </summary>
    public ConsentDecisionKind NoConsentDecision { get; set; } = ConsentDecisionKind.Permit;

    /// <summary>
    /// The decision of a matching Consent whose applicable provision has no <c>type</c> (default
    /// <see cref="ConsentDecisionKind.Deny"/>: a patient who signed an AI-documentation consent form without a recorded
    /// choice is not assumed to have agreed).
    /// </summary>
    public ConsentDecisionKind UntypedProvisionDecision { get; set; } = ConsentDecisionKind.Deny;

    /// <summary>How several applicable Consents combine (default <see cref="ConsentCombination.NewestWins"/>).</summary>
    public ConsentCombination Combination { get; set; } = ConsentCombination.NewestWins;

    /// <summary>True when none of the matcher lists is configured, so the default policy applies.</summary>
    public bool UsesDefaultPolicy => PolicyUris.Length == 0 && PolicyRules.Length == 0 && Categories.Length == 0 && ProvisionCodes.Length == 0;
}
