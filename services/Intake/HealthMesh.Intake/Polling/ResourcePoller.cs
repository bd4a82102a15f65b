using System.Globalization;
using HealthMesh.Intake.Context;
using HealthMesh.ServiceDefaults.Ehr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Polling;

/// <summary>
/// One polling round for a source: search <c>{type}?{criteria}&amp;_lastUpdated=ge{watermark − overlap}</c>, follow
/// <c>Bundle.link[next]</c>, hand every resource to <see cref="ClinicalEventIntake"/> (which de-duplicates by resource id +
/// version in the journal), and record after each page where the round stands. A round cut short (crash, restart, EHR
/// down) continues from its saved next link; the watermark moves only when a round finishes, to the highest
/// <c>_lastUpdated</c> the round saw (the EHR's clock, not ours), so nothing between rounds is skipped.
/// </summary>
public sealed partial class ResourcePoller(
    PollingWatermarkStore store,
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<EhrOptions> ehr,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<ResourcePoller> logger)
{
    /// <param name="maxPages">Stop after this many pages, leaving the round to continue later (default: the configured guard).</param>
    public async Task<PollingRound> PollOnceAsync(string sourceId, int? maxPages = null, CancellationToken cancellationToken = default)
    {
        var source = options.Value.Sources.GetValueOrDefault(sourceId)
            ?? throw new ArgumentException($"No polling source '{sourceId}' is configured under {PollingOptions.SectionName}:Sources.", nameof(sourceId));
        var baseUrl = source.EhrBaseUrl ?? ehr.Value.BaseUrl!;
        using var client = new FhirClient(baseUrl, httpClients.CreateClient(EhrOptions.HttpClientName), new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });
        var state = await store.GetAsync(sourceId, cancellationToken);
        var limit = maxPages ?? options.Value.MaxPagesPerRound;
        var counts = new int[5];

        Bundle? page;
        if (state.NextUrl is { } resume)
        {
            LogResuming(sourceId);
            page = await client.GetAsync(resume, cancellationToken) as Bundle;
        }
        else
        {
            var since = (state.WatermarkAt ?? clock.GetUtcNow() - source.InitialLookback) - source.Overlap;
            var criteria = (source.Criteria ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
            criteria.Add($"_lastUpdated=ge{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}");
            page = await client.SearchAsync(source.ResourceType, [.. criteria], pageSize: source.PageSize, ct: cancellationToken);
            state = state with { RoundHigh = null };
        }

        var pages = 0;
        while (page is not null)
        {
            var high = state.RoundHigh;
            foreach (var entry in page.Entry)
            {
                if (entry.Resource is not { Id: { } id } resource || resource.TypeName != source.ResourceType
                    || entry.Search?.Mode is not (null or Bundle.SearchEntryMode.Match))
                {
                    continue;
                }

                counts[0]++;
                counts[await AcceptAsync(sourceId, new ResourceKey(resource.TypeName, id, resource.Meta?.VersionId), resource, cancellationToken)]++;
                if (resource.Meta?.LastUpdated is { } updated && (high is null || updated > high))
                {
                    high = updated;
                }
            }

            pages++;
            var next = page.NextLink?.OriginalString;
            state = next is null
                // Round finished: the watermark never moves back, and an empty round leaves it where it was.
                ? state with { WatermarkAt = Max(state.WatermarkAt, high) ?? clock.GetUtcNow() - source.InitialLookback, RoundHigh = null, NextUrl = null }
                : state with { RoundHigh = high, NextUrl = next };
            await store.SaveAsync(state, clock.GetUtcNow(), cancellationToken);
            if (next is null || pages >= limit)
            {
                break;
            }

            page = await client.ContinueAsync(page, ct: cancellationToken);
        }

        var round = new PollingRound(sourceId, pages, counts[0], counts[1], counts[2], counts[3], counts[4], state.NextUrl is null);
        LogRound(sourceId, round.Pages, round.Found, round.Accepted, round.Duplicates, round.Finished);
        return round;
    }

    /// <returns>Index into the round's counts: 1 accepted, 2 duplicate, 3 ignored, 4 rejected.</returns>
    private async Task<int> AcceptAsync(string sourceId, ResourceKey key, Resource resource, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ClinicalEventIntake>()
                .AcceptAsync(new NotificationSource($"poll:{sourceId}", null), key, resource, cancellationToken);
            return outcome.Kind switch
            {
                IntakeOutcomeKind.Accepted => 1,
                IntakeOutcomeKind.Duplicate => 2,
                _ => 3,
            };
        }
        catch (IntakeRejectedException)
        {
            // Skipped as a bad notification would be; the journal keeps the rejection.
            return 4;
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling source {SourceId}: continuing the round cut short before")]
    private partial void LogResuming(string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling source {SourceId}: {Pages} pages, {Found} found, {Accepted} accepted, {Duplicates} duplicates, finished {Finished}")]
    private partial void LogRound(string sourceId, int pages, int found, int accepted, int duplicates, bool finished);
}
