using HealthMesh.Contracts;
using HealthMesh.Intake.Triggers;
using Hl7.FhirPath;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake;

/// <summary>
/// Data annotations do not reach dictionary values and lists, so each subscription and trigger is checked here: a
/// missing secret, or a trigger whose FHIRPath does not compile, fails startup with the key to fix.
/// </summary>
public sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    private const int MinimumSecretLength = 16;

    private static readonly Dictionary<string, NoteKind> NoteKindFor = new(StringComparer.Ordinal)
    {
        [KnownResourceTypes.Encounter] = NoteKind.EncounterSummary,
        [KnownResourceTypes.DiagnosticReport] = NoteKind.RadiologyReport,
    };

    private static void ValidateTrigger(string key, TriggerOptions trigger, List<string> failures)
    {
        if (!NoteKindFor.TryGetValue(trigger.ResourceType, out var kind))
        {
            failures.Add($"{key}:ResourceType is '{trigger.ResourceType}'; only {KnownResourceTypes.Encounter} and {KnownResourceTypes.DiagnosticReport} start notes.");
        }
        else if (trigger.NoteKind != kind)
        {
            failures.Add($"{key}:NoteKind is {trigger.NoteKind}, but a {trigger.ResourceType} starts a {kind} note.");
        }

        if (string.IsNullOrWhiteSpace(trigger.Description))
        {
            failures.Add($"{key}:Description is required: it is the reason journaled for events that match no trigger.");
        }

        if (string.IsNullOrWhiteSpace(trigger.Criteria))
        {
            failures.Add($"{key}:Criteria is required: a FHIRPath expression such as status = 'finished'.");
            return;
        }

        try
        {
            new FhirPathCompiler().Compile(trigger.Criteria);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            failures.Add($"{key}:Criteria \"{trigger.Criteria}\" is not a valid FHIRPath expression: {e.Message}");
        }
    }

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

        for (var index = 0; index < options.Triggers.Count; index++)
        {
            ValidateTrigger($"{IntakeOptions.SectionName}:Triggers:{index}", options.Triggers[index], failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
