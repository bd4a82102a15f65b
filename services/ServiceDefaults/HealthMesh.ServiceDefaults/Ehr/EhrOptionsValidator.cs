using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>Checks the SMART settings at start when SMART is on: a bad key fails start-up, not the first clinical event.</summary>
public sealed class EhrOptionsValidator : IValidateOptions<EhrOptions>
{
    public ValidateOptionsResult Validate(string? name, EhrOptions options)
    {
        var smart = options.Smart;
        if (!smart.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var section = $"{EhrOptions.SectionName}:Smart";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(smart.ClientId))
        {
            failures.Add($"{section}:ClientId is required when SMART is enabled.");
        }

        if (string.IsNullOrWhiteSpace(smart.Scope))
        {
            failures.Add($"{section}:Scope is required when SMART is enabled (e.g. 'system/*.read').");
        }

        if (smart.TokenEndpoint is { IsAbsoluteUri: false })
        {
            failures.Add($"{section}:TokenEndpoint must be an absolute URL.");
        }

        if (smart.AssertionLifetime <= TimeSpan.Zero || smart.AssertionLifetime > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:AssertionLifetime must be more than zero and at most 5 minutes (SMART Backend Services).");
        }

        if (smart.RefreshBeforeExpiry < TimeSpan.Zero)
        {
            failures.Add($"{section}:RefreshBeforeExpiry must not be negative.");
        }

        if (SmartSigningKey.TryCreate(smart, out var keyError) is null)
        {
            failures.Add(keyError!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
