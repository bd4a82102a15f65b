namespace HealthMesh.Intake.Consent;

/// <summary>The default consent policy's identifiers (used when <see cref="ConsentOptions"/> configures no matcher).</summary>
public static class KnownConsentCodes
{
    /// <summary><c>Consent.policy.uri</c> of a patient's choice about AI-assisted clinical documentation.</summary>
    public const string AiDocumentationPolicy = "http://healthmesh.example/fhir/ConsentPolicy/ai-assisted-documentation";

    /// <summary>Code system of the purpose code below (a provision's <c>purpose</c>, <c>action</c>, <c>code</c> or <c>class</c>).</summary>
    public const string AiDocumentationCodeSystem = "http://healthmesh.example/fhir/CodeSystem/consent-purpose";

    public const string AiDocumentationCode = "ai-assisted-documentation";
}
