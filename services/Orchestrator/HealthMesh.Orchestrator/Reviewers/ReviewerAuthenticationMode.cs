namespace HealthMesh.Orchestrator.Reviewers;

public enum ReviewerAuthenticationMode
{
    /// <summary>
    /// The identity provider signs reviewers in: the API takes its JWT access tokens (bearer), the page signs in with
    /// OpenID Connect (authorization code) when a client id is configured.
    /// </summary>
    Oidc,

    /// <summary>
    /// A login page choosing one of the configured development reviewers, cookie session. Only for the embedded
    /// <c>healthmesh serve</c> and the Development environment; refused anywhere else.
    /// </summary>
    DevelopmentLogin,
}
