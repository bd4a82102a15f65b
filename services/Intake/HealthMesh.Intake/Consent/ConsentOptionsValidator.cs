using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Consent;

/// <summary>Fails start-up on a policy URI that is not absolute or a code that is not <c>system|code</c>.</summary>
public sealed class ConsentOptionsValidator : IValidateOptions<ConsentOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsentOptions options)
    {
        var failures = new List<string>();
        foreach (var uri in options.PolicyUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                failures.Add($"{ConsentOptions.SectionName}:PolicyUris: '{uri}' is not an absolute URI.");
            }
        }

        Tokens(nameof(ConsentOptions.PolicyRules), options.PolicyRules, failures);
        Tokens(nameof(ConsentOptions.Categories), options.Categories, failures);
        Tokens(nameof(ConsentOptions.ProvisionCodes), options.ProvisionCodes, failures);
        if (!Enum.IsDefined(options.NoConsentDecision) || !Enum.IsDefined(options.UntypedProvisionDecision) || !Enum.IsDefined(options.Combination))
        {
            failures.Add($"{ConsentOptions.SectionName}: NoConsentDecision and UntypedProvisionDecision must be Permit or Deny, Combination NewestWins or DenyWins.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Tokens(string key, string[] tokens, List<string> failures)
    {
        foreach (var token in tokens)
        {
            var bar = token.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || bar == token.Length - 1 || token.IndexOf('|', bar + 1) >= 0)
            {
                failures.Add($"{ConsentOptions.SectionName}:{key}: '{token}' is not a 'system|code' token (example: http://terminology.hl7.org/CodeSystem/v3-ActCode|OPTOUT).");
            }
        }
    }
}
