using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Reviewers;

/// <summary>Maps a signed-in person to the FHIR Practitioner recorded as author and verifier of what they approve.</summary>
public sealed partial class ReviewerIdentity(IOptions<ReviewerAuthenticationOptions> options)
{
    public const string SubjectClaimType = "sub";

    /// <summary>The configured mapping for the subject first, then the Practitioner claim; null when neither names one.</summary>
    public string? PractitionerOf(ClaimsPrincipal user)
    {
        var settings = options.Value;
        if (user.FindFirst(SubjectClaimType)?.Value is { } subject && settings.Practitioners.TryGetValue(subject, out var mapped))
        {
            return Practitioner(mapped);
        }

        return user.FindFirst(settings.PractitionerClaimType)?.Value is { } claim ? Practitioner(claim) : null;
    }

    /// <summary>Who asked, for logs of operator actions: the subject, never the name (which may be PHI-adjacent).</summary>
    public static string SubjectOf(ClaimsPrincipal user) => user.FindFirst(SubjectClaimType)?.Value ?? "unknown";

    /// <summary>The relative <c>Practitioner/&lt;id&gt;</c> of a relative or absolute reference; null for anything else.</summary>
    public static string? Practitioner(string reference)
    {
        var match = PractitionerPattern().Match(reference.Trim());
        return match.Success ? match.Groups["ref"].Value : null;
    }

    // A FHIR id: 1-64 of letters, digits, '-' and '.'; an absolute reference ends in the relative one.
    [GeneratedRegex(@"^(?:https?://\S+/)?(?<ref>Practitioner/[A-Za-z0-9\-\.]{1,64})$")]
    private static partial Regex PractitionerPattern();
}
