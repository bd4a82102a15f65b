namespace HealthMesh.Orchestrator.Reviewers;

public static class KnownReviewerSchemes
{
    /// <summary>The default scheme: forwards to one of the others per request (bearer header, session cookie).</summary>
    public const string Selector = "HealthMesh";

    public const string Cookie = "HealthMesh.Cookie";

    public const string JwtBearer = "HealthMesh.JwtBearer";

    public const string OpenIdConnect = "HealthMesh.Oidc";

    /// <summary>The local operator key of the development-login shape (<see cref="ReviewerAuthenticationOptions.OperatorApiKey"/>).</summary>
    public const string OperatorApiKey = "HealthMesh.OperatorApiKey";

    public const string CookieName = "healthmesh.reviewer";
}
