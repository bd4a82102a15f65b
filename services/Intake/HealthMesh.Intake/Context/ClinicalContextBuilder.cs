using System.Net;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Ehr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Polly;

namespace HealthMesh.Intake.Context;

/// <summary>
/// Reads what a note needs from the EHR and assembles the context Bundle (type <c>collection</c>): entry[0] the focus,
/// then the Patient, then the related Conditions, Observations, MedicationRequests, Procedures and DocumentReferences.
/// </summary>
public sealed class ClinicalContextBuilder(IServiceProvider services, IOptions<EhrOptions> ehr, IOptions<IntakeOptions> options, TimeProvider clock)
    : IDisposable
{
    private static readonly string[] EncounterRelatedTypes = ["Condition", "Observation", "MedicationRequest", "Procedure", "DocumentReference"];

    private readonly FhirClient client = services.CreateEhrFhirClient();

    /// <summary>The EHR's base URL as HealthMesh names the source system (no trailing slash).</summary>
    public string SourceSystem { get; } = ehr.Value.BaseUrl!.AbsoluteUri.TrimEnd('/');

    /// <summary>Reads the focus of an id-only notification: the named version when the reference is versioned, else the current one.</summary>
    public Task<Resource> ReadFocusAsync(ResourceKey key, CancellationToken cancellationToken) =>
        ReadAsync(key.Version is null ? key.ToString() : $"{key}/_history/{key.Version}", cancellationToken);

    /// <summary>The Patient the focus is about (<c>subject</c>); a focus without one cannot start a note.</summary>
    public static ResourceKey PatientOf(Resource focus)
    {
        var subject = focus switch
        {
            Encounter encounter => encounter.Subject,
            DiagnosticReport report => report.Subject,
            _ => null,
        };
        if (!ResourceKey.TryParse(subject?.Reference, out var patientKey) || patientKey.ResourceType != "Patient")
        {
            throw new IntakeRejectedException(
                $"{focus.TypeName}/{focus.Id} has no subject reference to a Patient; a note needs one.",
                StatusCodes.Status422UnprocessableEntity);
        }

        return patientKey;
    }

    public async Task<Bundle> BuildAsync(Resource focus, NoteKind kind, CancellationToken cancellationToken)
    {
        var patientKey = PatientOf(focus);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = clock.GetUtcNow() };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Add(bundle, seen, focus);
        Add(bundle, seen, await ReadAsync(patientKey.ToString(), cancellationToken));

        if (kind == NoteKind.EncounterSummary)
        {
            foreach (var type in EncounterRelatedTypes)
            {
                await SearchIntoAsync(bundle, seen, type, [$"encounter={focus.TypeName}/{focus.Id}"], cancellationToken);
            }
        }
        else
        {
            var report = (DiagnosticReport)focus;
            await SearchIntoAsync(bundle, seen, "Condition", [$"patient={patientKey}"], cancellationToken);
            await SearchIntoAsync(bundle, seen, "MedicationRequest", [$"patient={patientKey}", "status=active"], cancellationToken);
            foreach (var result in report.Result)
            {
                if (ResourceKey.TryParse(result.Reference, out var resultKey))
                {
                    Add(bundle, seen, await ReadAsync(resultKey.ToString(), cancellationToken));
                }
            }
        }

        return bundle;
    }

    public void Dispose() => client.Dispose();

    private void Add(Bundle bundle, HashSet<string> seen, Resource resource)
    {
        var key = $"{resource.TypeName}/{resource.Id}";
        if (seen.Add(key))
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{SourceSystem}/{key}", Resource = resource });
        }
    }

    private async System.Threading.Tasks.Task SearchIntoAsync(Bundle bundle, HashSet<string> seen, string resourceType, string[] criteria, CancellationToken cancellationToken)
    {
        foreach (var resource in await SearchAsync(resourceType, criteria, cancellationToken))
        {
            Add(bundle, seen, resource);
        }
    }

    /// <summary>Every match of a search, all pages (up to <see cref="IntakeOptions.MaxSearchPages"/>).</summary>
    /// <exception cref="IntakeRejectedException">The EHR refused the search, or it has too many pages.</exception>
    /// <exception cref="IntakeUnavailableException">The EHR is unavailable or could not be reached.</exception>
    public async Task<IReadOnlyList<Resource>> SearchAsync(string resourceType, string[] criteria, CancellationToken cancellationToken)
    {
        var matches = new List<Resource>();
        var page = await CallAsync($"search {resourceType}", () => client.SearchAsync(resourceType, criteria, ct: cancellationToken), cancellationToken);
        for (var pages = 1; page is not null; pages++)
        {
            foreach (var entry in page.Entry)
            {
                // Included resources and OperationOutcomes (search.mode include/outcome) are not part of the result set.
                if (entry.Resource?.TypeName == resourceType && entry.Search?.Mode is null or Bundle.SearchEntryMode.Match)
                {
                    matches.Add(entry.Resource);
                }
            }

            if (pages == options.Value.MaxSearchPages)
            {
                throw new IntakeRejectedException(
                    $"Search for {resourceType} returned more than {options.Value.MaxSearchPages} pages; raise {IntakeOptions.SectionName}:MaxSearchPages.",
                    StatusCodes.Status422UnprocessableEntity);
            }

            page = await CallAsync($"page {resourceType}", () => client.ContinueAsync(page, ct: cancellationToken), cancellationToken);
        }

        return matches;
    }

    private async Task<Resource> ReadAsync(string location, CancellationToken cancellationToken) =>
        await CallAsync($"read {location}", () => client.ReadAsync<Resource>(location, ct: cancellationToken), cancellationToken)
        ?? throw new IntakeUnavailableException($"The EHR returned no body reading {location}.", new InvalidDataException(location));

    /// <summary>Sorts EHR failures: throttling, server errors and timeouts are worth a retry (503); other 4xx are not (422).</summary>
    private static async Task<T?> CallAsync<T>(string what, Func<Task<T?>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (FhirOperationException e) when (IsTransient(e.Status))
        {
            throw new IntakeUnavailableException($"The EHR is unavailable ({(int)e.Status}) during {what}.", e);
        }
        catch (FhirOperationException e)
        {
            var diagnostics = e.Outcome?.Issue.Select(i => i.Diagnostics ?? i.Details?.Text).FirstOrDefault(d => d is not null);
            throw new IntakeRejectedException(
                $"The EHR answered {(int)e.Status} to {what}{(diagnostics is null ? "" : $": {diagnostics}")}",
                StatusCodes.Status422UnprocessableEntity,
                e);
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException or TimeoutException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new IntakeUnavailableException($"The EHR could not be reached during {what}.", e);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
