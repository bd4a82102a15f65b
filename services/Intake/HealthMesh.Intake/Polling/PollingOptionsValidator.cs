using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Polling;

/// <summary>Each source must poll a type that can start a note, with well-formed criteria.</summary>
public sealed class PollingOptionsValidator : IValidateOptions<PollingOptions>
{
    public ValidateOptionsResult Validate(string? name, PollingOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, source) in options.Sources)
        {
            var prefix = $"{PollingOptions.SectionName}:Sources:{id}";
            if (!KnownResourceTypes.IsSupported(source.ResourceType))
            {
                failures.Add($"{prefix}:ResourceType must be {KnownResourceTypes.Encounter} or {KnownResourceTypes.DiagnosticReport}, not '{source.ResourceType}'.");
            }

            if (source.Criteria?.Contains("_lastUpdated", StringComparison.Ordinal) == true)
            {
                failures.Add($"{prefix}:Criteria must not contain _lastUpdated: the poller sets it from the watermark.");
            }

            if (source.EhrBaseUrl is { IsAbsoluteUri: false })
            {
                failures.Add($"{prefix}:EhrBaseUrl must be an absolute URL.");
            }

            if (source.Interval < TimeSpan.FromMilliseconds(100) || source.PageSize < 1)
            {
                failures.Add($"{prefix}: Interval must be at least 100 ms and PageSize at least 1.");
            }
        }

        if (options.MaxPagesPerRound < 1)
        {
            failures.Add($"{PollingOptions.SectionName}:MaxPagesPerRound must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
