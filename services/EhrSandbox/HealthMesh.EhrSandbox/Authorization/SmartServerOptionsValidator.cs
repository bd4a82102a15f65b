using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>Fails start-up on a client whose JWKS or scopes cannot be read, rather than refusing every token later.</summary>
public sealed class SmartServerOptionsValidator : IValidateOptions<SmartServerOptions>
{
    public ValidateOptionsResult Validate(string? name, SmartServerOptions options)
    {
        var failures = new List<string>();
        if (options.TokenLifetime < TimeSpan.FromSeconds(1) || options.TokenLifetime > TimeSpan.FromHours(1))
        {
            failures.Add($"{SmartServerOptions.SectionName}:TokenLifetime must be between 1 second and 1 hour.");
        }

        if (options.RequireAuthorization && options.Clients.Count == 0)
        {
            failures.Add($"{SmartServerOptions.SectionName}:RequireAuthorization is on but no client is registered under Clients.");
        }

        foreach (var (clientId, client) in options.Clients)
        {
            try
            {
                if (new JsonWebKeySet(client.Jwks).Keys.Count == 0)
                {
                    failures.Add($"{SmartServerOptions.SectionName}:Clients:{clientId}:Jwks has no keys.");
                }
            }
            catch (ArgumentException)
            {
                failures.Add($"{SmartServerOptions.SectionName}:Clients:{clientId}:Jwks is not a JSON Web Key Set.");
            }

            if (!SmartScopes.TryParse(client.Scope, out _, out var scopeError))
            {
                failures.Add($"{SmartServerOptions.SectionName}:Clients:{clientId}:Scope: {scopeError}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
