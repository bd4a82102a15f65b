using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Reviewers;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> with the development-login shape's local operator key
/// (<see cref="ReviewerAuthenticationOptions.OperatorApiKey"/>) signs in <see cref="Name"/> with the operator role, so
/// the operator commands (<c>healthmesh replay|status|failed</c>) can call <c>healthmesh serve</c> from a shell.
/// </summary>
public sealed class OperatorApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ReviewerAuthenticationOptions> settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The subject and name of the principal the key yields, as operations record it.</summary>
    public const string Name = "local-operator";

    public const int MinimumKeyLength = 32;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var configured = settings.Value.OperatorApiKey;
        if (string.IsNullOrEmpty(configured))
        {
            return Task.FromResult(AuthenticateResult.Fail("No local operator key is configured."));
        }

        // Hashing first gives equal lengths, so the comparison time says nothing about the key.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(configured))))
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer credential is not the local operator key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ReviewerIdentity.SubjectClaimType, Name), new Claim(settings.Value.NameClaimType, Name), new Claim(settings.Value.RoleClaimType, KnownReviewerRoles.Operator)],
            Scheme.Name,
            settings.Value.NameClaimType,
            settings.Value.RoleClaimType);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
