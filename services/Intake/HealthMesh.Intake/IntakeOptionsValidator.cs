using Microsoft.Extensions.Options;

namespace HealthMesh.Intake;

/// <summary>Data annotations do not reach dictionary values, so each subscription is checked here: a missing secret fails startup.</summary>
public sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    private const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, subscription) in options.Subscriptions)
        {
            if (string.IsNullOrWhiteSpace(subscription.Secret) || subscription.Secret.Length < MinimumSecretLength)
            {
                failures.Add($"{IntakeOptions.SectionName}:Subscriptions:{id}:Secret must be at least {MinimumSecretLength} characters.");
            }

            if (subscription.HeartbeatPeriod is { } period && period <= TimeSpan.Zero)
            {
                failures.Add($"{IntakeOptions.SectionName}:Subscriptions:{id}:HeartbeatPeriod must be positive.");
            }

            foreach (var type in subscription.ResourceTypes ?? [])
            {
                if (!KnownResourceTypes.IsSupported(type))
                {
                    failures.Add($"{IntakeOptions.SectionName}:Subscriptions:{id}:ResourceTypes lists '{type}'; only {KnownResourceTypes.Encounter} and {KnownResourceTypes.DiagnosticReport} start notes.");
                }
            }

            if (string.IsNullOrWhiteSpace(subscription.Header))
            {
                failures.Add($"{IntakeOptions.SectionName}:Subscriptions:{id}:Header must name an HTTP header.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
