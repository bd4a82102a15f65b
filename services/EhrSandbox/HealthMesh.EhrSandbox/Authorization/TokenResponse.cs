using System.Net;

namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>What the token endpoint answers: the token JSON (200) or an OAuth error (RFC 6749 §5.2).</summary>
public sealed record TokenResponse(HttpStatusCode Status, IReadOnlyDictionary<string, object> Body)
{
    public static TokenResponse Error(string error, string description, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(status, new Dictionary<string, object> { ["error"] = error, ["error_description"] = description });
}
