using System.Diagnostics.Metrics;
using HealthMesh.Intake.Context;
using HealthMesh.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Consent;

/// <summary>Reads a patient's Consents from the EHR (<c>Consent?patient=</c>, all statuses) and evaluates them with <see cref="ConsentPolicy"/>.</summary>
public sealed class PatientConsentCheck(ClinicalContextBuilder context, ConsentPolicy policy, IOptions<ConsentOptions> options, TimeProvider clock)
{
    private static readonly Counter<long> Decisions = HealthMeshTelemetry.Meter.CreateCounter<long>(
        "healthmesh.consent.decisions", description: "Consent checks, by stage (start, write-back) and decision (permit, deny).");

    /// <param name="stage">Where the check runs (<see cref="KnownConsentStages"/>), for the metric only.</param>
    /// <exception cref="IntakeRejectedException">The EHR refused the Consent search: consent cannot be checked.</exception>
    /// <exception cref="IntakeUnavailableException">The EHR is unavailable: worth a retry.</exception>
    public async Task<ConsentDecision> CheckAsync(ResourceKey patient, string stage, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return new ConsentDecision(ConsentDecisionKind.Permit, $"Consent checking is off ({ConsentOptions.SectionName}:Enabled is false).", null);
        }

        IReadOnlyList<Hl7.Fhir.Model.Resource> consents;
        try
        {
            // Every status is read, not only active: the evaluator decides what is in force and says so in its reason.
            consents = await context.SearchAsync("Consent", [$"patient=Patient/{patient.Id}"], cancellationToken);
        }
        catch (IntakeRejectedException e)
        {
            throw new IntakeRejectedException(
                $"The patient's consent cannot be checked: {e.Message}. Give HealthMesh's EHR client read access to Consent " +
                $"(for example the scope system/Consent.read), or turn consent checking off with {ConsentOptions.SectionName}:Enabled=false.",
                e.StatusCode,
                e);
        }

        var decision = policy.Evaluate(consents.OfType<Hl7.Fhir.Model.Consent>(), clock.GetUtcNow());
        Decisions.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("decision", decision.Permitted ? "permit" : "deny"));
        return decision;
    }
}
