using HealthMesh.Contracts;
using HealthMesh.Intake;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.WriteBack.Fhir;
using HealthMesh.WriteBack.Reidentification;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace HealthMesh.AllInOne.Process;

/// <summary>
/// One <c>healthmesh process</c> run: each input file is loaded into the embedded sandbox EHR (one transaction), each
/// Encounter/DiagnosticReport it holds goes through Intake like a notification would, and once its workflow has a draft
/// the note is either approved as <c>--approve-as</c> and written back (final), or rendered as a preliminary draft.
/// </summary>
public sealed class ProcessRun(IServiceProvider services, DirectoryInfo output, string? approveAs, TimeSpan timeout)
{
    private static readonly string[] Settled = ["AwaitingReview", "Completed", "Rejected", "Faulted", "Superseded", "ConsentDenied", "ConsentWithdrawn"];
    private static readonly string[] Finished = ["Completed", "Rejected", "Faulted", "Superseded", "ConsentWithdrawn"];

    public async Task<IReadOnlyList<FileOutcome>> RunAsync(IReadOnlyList<InputFile> inputs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(output.FullName);
        var started = new List<(InputFile File, Task<FileOutcome> Outcome)>();
        foreach (var input in inputs)
        {
            started.Add((input, await StartAsync(input, cancellationToken)));
        }

        var outcomes = new List<FileOutcome>();
        foreach (var (_, outcome) in started)
        {
            outcomes.Add(await outcome);
        }

        return outcomes;
    }

    /// <summary>Loads and accepts the file now (in order); returns the task that finishes its notes.</summary>
    private async Task<Task<FileOutcome>> StartAsync(InputFile input, CancellationToken cancellationToken)
    {
        if (input.Resource is null)
        {
            return System.Threading.Tasks.Task.FromResult(Outcome(input, FileOutcomeKind.Failed, input.Error!));
        }

        using var ehr = services.CreateEhrFhirClient();
        Bundle response;
        try
        {
            response = (await ehr.TransactionAsync(ToTransaction(input.Resource), cancellationToken))!;
        }
        catch (FhirOperationException ex)
        {
            return System.Threading.Tasks.Task.FromResult(Outcome(input, FileOutcomeKind.Failed, $"the EHR refused it ({(int)ex.Status}): {Diagnostics(ex)}"));
        }

        var foci = response.Entry
            .Select(e => e.Response?.Location)
            .Where(l => l is not null)
            .Select(l => new ResourceIdentity(l))
            .Where(id => id.ResourceType is KnownResourceTypes.Encounter or KnownResourceTypes.DiagnosticReport)
            .ToList();
        if (foci.Count == 0)
        {
            var found = string.Join(", ", Resources(input.Resource).Select(r => r.TypeName).Distinct());
            return System.Threading.Tasks.Task.FromResult(Outcome(input, FileOutcomeKind.Skipped, $"nothing starts a note here: no Encounter or DiagnosticReport (found {found})"));
        }

        var notes = new List<Task<NoteResult>>();
        foreach (var focus in foci)
        {
            var resource = await ehr.ReadAsync<Resource>(focus.WithoutVersion().ToString(), ct: cancellationToken);
            var label = $"{focus.ResourceType}/{focus.Id}";
            try
            {
                await using var scope = services.CreateAsyncScope();
                var accepted = await scope.ServiceProvider.GetRequiredService<ClinicalEventIntake>().AcceptAsync(resource!, cancellationToken);
                notes.Add(accepted.WorkflowId is { } workflowId && accepted.Kind != IntakeOutcomeKind.Ignored
                    ? FinishAsync(input, label, foci.Count > 1, workflowId, cancellationToken)
                    : System.Threading.Tasks.Task.FromResult(new NoteResult(label, null, $"ignored: {accepted.Reason}", [])));
            }
            catch (IntakeRejectedException ex)
            {
                notes.Add(System.Threading.Tasks.Task.FromResult(new NoteResult(label, false, $"rejected by Intake: {ex.Message}", [])));
            }
        }

        return Summarize(input, notes);
    }

    private static async Task<FileOutcome> Summarize(InputFile input, List<Task<NoteResult>> notes)
    {
        var results = await System.Threading.Tasks.Task.WhenAll(notes);
        var kind = results.Any(r => r.Succeeded == false) ? FileOutcomeKind.Failed
            : results.Any(r => r.Succeeded == true) ? FileOutcomeKind.Processed
            : FileOutcomeKind.Skipped;
        return new FileOutcome(input.Name, kind, string.Join("; ", results.Select(r => $"{r.Focus}: {r.Detail}")), [.. results.SelectMany(r => r.Outputs)]);
    }

    private async Task<NoteResult> FinishAsync(InputFile input, string focus, bool severalInFile, Guid workflowId, CancellationToken cancellationToken)
    {
        var folder = severalInFile ? Path.Combine(input.Stem, focus.Replace('/', '-')) : input.Stem;
        try
        {
            var state = await WaitForAsync(workflowId, Settled, cancellationToken);
            if (state.CurrentState == "AwaitingReview" && approveAs is not null)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReviewService>()
                    .ApproveAsync(workflowId, approveAs, new ApproveReviewRequest(state.DraftRevision), cancellationToken);
                state = await WaitForAsync(workflowId, Finished, cancellationToken);
            }

            return state.CurrentState switch
            {
                "Completed" => new NoteResult(focus, true, $"final note written back ({state.DocumentReference})", await WriteBackResultAsync(state, folder, cancellationToken)),
                "AwaitingReview" => new NoteResult(focus, true, "preliminary draft (not reviewed)", await RenderDraftAsync(state, folder, cancellationToken)),
                "Faulted" => new NoteResult(focus, false, $"faulted in {state.FaultStep} after {state.FaultAttempts} attempt(s): {state.FaultReason}", []),
                "ConsentDenied" or "ConsentWithdrawn" => new NoteResult(focus, null, $"no note, the patient's consent stopped it ({state.CurrentState}): {state.ConsentReason}", []),
                _ => new NoteResult(focus, false, $"workflow ended {state.CurrentState}", []),
            };
        }
        catch (TimeoutException ex)
        {
            return new NoteResult(focus, false, ex.Message, []);
        }
    }

    private async Task<ClinicalNoteWorkflowState> WaitForAsync(Guid workflowId, string[] states, CancellationToken cancellationToken)
    {
        var queries = services.GetRequiredService<IClinicalNoteWorkflowQueries>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var state = await queries.GetAsync(workflowId, cancellationToken);
            if (state is not null && states.Contains(state.CurrentState))
            {
                return state;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"workflow {workflowId} still {state?.CurrentState ?? "not started"} after {timeout.TotalSeconds:F0} s");
            }

            await System.Threading.Tasks.Task.Delay(100, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> WriteBackResultAsync(ClinicalNoteWorkflowState state, string folder, CancellationToken cancellationToken)
    {
        using var ehr = services.CreateEhrFhirClient();
        var written = new List<Resource>();
        foreach (var reference in new[] { state.DocumentReference, state.CompositionReference, state.ProvenanceReference })
        {
            written.Add((await ehr.ReadAsync<Resource>(reference!, ct: cancellationToken))!);
        }

        return await WriteAsync(folder, written, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> RenderDraftAsync(ClinicalNoteWorkflowState state, string folder, CancellationToken cancellationToken)
    {
        var documents = services.GetRequiredService<IClinicalDocumentStore>();
        var draft = await documents.GetJsonAsync<StructuredNote>(state.DraftReference!, cancellationToken);
        var note = await services.GetRequiredService<INoteReidentifier>().ReidentifyAsync(state.CorrelationId, draft, cancellationToken);
        var context = FhirJson.Parse<Bundle>(await documents.GetAsync(ClinicalDocumentReference.For(state.CorrelationId, ContextBundle.DocumentName), cancellationToken));
        var resources = services.GetRequiredService<ClinicalNoteFhirBuilder>()
            .Build(note, ContextBundle.ReadSubject(context), new NoteAttestation(NoteStatus.Preliminary, null, draft.CreatedAt));
        return await WriteAsync(folder, [resources.DocumentReference, resources.Composition, resources.Provenance], cancellationToken);
    }

    private async Task<IReadOnlyList<string>> WriteAsync(string folder, IEnumerable<Resource> resources, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(output.FullName, folder));
        var files = new List<string>();
        foreach (var resource in resources)
        {
            var file = Path.Combine(folder, $"{resource.TypeName}.json");
            await File.WriteAllTextAsync(Path.Combine(output.FullName, file), FhirJson.Serialize(resource, pretty: true), cancellationToken);
            files.Add(file);
        }

        return files;
    }

    /// <summary>Any input becomes one transaction: Bundles keep their entries (PUT when they have an id), a resource becomes one entry.</summary>
    private static Bundle ToTransaction(Resource resource)
    {
        if (resource is Bundle { Type: Bundle.BundleType.Transaction or Bundle.BundleType.Batch } ready)
        {
            return ready;
        }

        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var (entryResource, fullUrl) in Entries(resource))
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = fullUrl,
                Resource = entryResource,
                Request = string.IsNullOrEmpty(entryResource.Id)
                    ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = entryResource.TypeName }
                    : new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{entryResource.TypeName}/{entryResource.Id}" },
            });
        }

        return transaction;
    }

    private static IEnumerable<(Resource Resource, string? FullUrl)> Entries(Resource resource) => resource is Bundle bundle
        ? bundle.Entry.Where(e => e.Resource is not null).Select(e => (e.Resource!, (string?)e.FullUrl))
        : [(resource, null)];

    private static IEnumerable<Resource> Resources(Resource resource) => Entries(resource).Select(e => e.Resource);

    private static string Diagnostics(FhirOperationException ex) =>
        ex.Outcome?.Issue.FirstOrDefault()?.Diagnostics ?? ex.Message;

    private static FileOutcome Outcome(InputFile input, FileOutcomeKind kind, string detail) => new(input.Name, kind, detail, []);

    /// <param name="Succeeded">null when the focus did not start a note (ignored).</param>
    private sealed record NoteResult(string Focus, bool? Succeeded, string Detail, IReadOnlyList<string> Outputs);
}
