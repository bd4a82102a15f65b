namespace HealthMesh.EhrSandbox.Authorization;

public sealed record IssuedToken(string ClientId, IReadOnlyList<SmartScope> Scopes, DateTimeOffset ExpiresAt);
