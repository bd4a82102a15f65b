using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Orchestrator.Reviewers;

/// <summary>
/// Who may use the review UI and API, and which FHIR Practitioner a signed-in person is. Section
/// <c>HealthMesh:Review:Authentication</c>.
/// </summary>
public sealed class ReviewerAuthenticationOptions : IValidatableObject
{
    public const string SectionName = "HealthMesh:Review:Authentication";

    /// <summary>Default <see cref="ReviewerAuthenticationMode.Oidc"/>; the embedded <c>healthmesh serve</c> defaults to the development login.</summary>
    public ReviewerAuthenticationMode Mode { get; set; } = ReviewerAuthenticationMode.Oidc;

    /// <summary>OpenID Connect issuer (its <c>/.well-known/openid-configuration</c> gives the signing keys). Required for Oidc.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The <c>aud</c> access tokens must carry. Required for Oidc.</summary>
    public string? Audience { get; set; }

    /// <summary>Refuse an authority over plain HTTP (default true; false only for a local test issuer).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The review page's OpenID Connect client id; without it only bearer tokens (the API) are accepted.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, for confidential clients.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Claim holding the roles (default <c>roles</c>, as Microsoft Entra ID and Keycloak client roles issue them).</summary>
    [Required]
    public string RoleClaimType { get; set; } = "roles";

    /// <summary>Claim holding the person's display name (default <c>name</c>).</summary>
    [Required]
    public string NameClaimType { get; set; } = "name";

    /// <summary>
    /// Claim naming the person's FHIR Practitioner (default <c>fhirUser</c>, as SMART App Launch defines it): a relative
    /// or absolute <c>Practitioner/&lt;id&gt;</c> reference.
    /// </summary>
    [Required]
    public string PractitionerClaimType { get; set; } = "fhirUser";

    /// <summary>
    /// Subject (<c>sub</c>) → <c>Practitioner/&lt;id&gt;</c>, for identity providers that issue no Practitioner claim.
    /// Wins over the claim.
    /// </summary>
    public Dictionary<string, string> Practitioners { get; set; } = [];

    /// <summary>Who the development login offers.</summary>
    public List<DevelopmentReviewer> DevelopmentReviewers { get; set; } = [];

    /// <summary>
    /// The local operator key the development-login shape (<c>healthmesh serve</c>) also accepts as
    /// <c>Authorization: Bearer</c>, so the operator commands can call it without a browser session; ignored in Oidc mode,
    /// where operators bring an access token with the operator role.
    /// </summary>
    public string? OperatorApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == ReviewerAuthenticationMode.Oidc)
        {
            if (Authority is null || string.IsNullOrWhiteSpace(Audience))
            {
                yield return new ValidationResult(
                    $"{SectionName}:Authority and {SectionName}:Audience are required to authenticate reviewers with OpenID Connect " +
                    $"(or set {SectionName}:Mode to DevelopmentLogin in the embedded development shape).",
                    [nameof(Authority), nameof(Audience)]);
            }
            else if (RequireHttpsMetadata && Authority.Scheme != Uri.UriSchemeHttps)
            {
                yield return new ValidationResult($"{SectionName}:Authority must be https ({Authority}).", [nameof(Authority)]);
            }
        }
        else if (DevelopmentReviewers.Count == 0)
        {
            yield return new ValidationResult($"{SectionName}:DevelopmentReviewers must name at least one reviewer for the development login.", [nameof(DevelopmentReviewers)]);
        }

        if (Mode == ReviewerAuthenticationMode.DevelopmentLogin && OperatorApiKey is { } key && key.Length < OperatorApiKeyAuthenticationHandler.MinimumKeyLength)
        {
            yield return new ValidationResult(
                $"{SectionName}:OperatorApiKey must be at least {OperatorApiKeyAuthenticationHandler.MinimumKeyLength} characters (a random key, as 'healthmesh serve' generates).",
                [nameof(OperatorApiKey)]);
        }

        foreach (var (subject, practitioner) in Practitioners)
        {
            if (ReviewerIdentity.Practitioner(practitioner) is null)
            {
                yield return new ValidationResult($"{SectionName}:Practitioners:{subject} must be 'Practitioner/<id>', not '{practitioner}'.", [nameof(Practitioners)]);
            }
        }

        foreach (var reviewer in DevelopmentReviewers)
        {
            if (string.IsNullOrWhiteSpace(reviewer.Id) || string.IsNullOrWhiteSpace(reviewer.Name) || reviewer.Roles.Count == 0
                || (reviewer.Practitioner is { Length: > 0 } p && ReviewerIdentity.Practitioner(p) is null))
            {
                yield return new ValidationResult(
                    $"{SectionName}:DevelopmentReviewers: each needs an Id, a Name, at least one role and, if given, a Practitioner 'Practitioner/<id>' (reviewer '{reviewer.Id}').",
                    [nameof(DevelopmentReviewers)]);
            }
        }
    }
}
