using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Intake.FunctionalTests;

/// <summary>The in-process entry point (used by <c>healthmesh process</c>) shares the endpoint's journal and de-duplication.</summary>
public sealed class ClinicalEventIntakeTests
{
    [Fact]
    public async System.Threading.Tasks.Task Accepting_the_same_resource_twice_in_process_publishes_once()
    {
        await using var host = await IntakeTestHost.StartAsync();
        using var http = new HttpClient();
        var report = FhirJson.Parse<DiagnosticReport>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/DiagnosticReport/{ClinicalFixtures.RadiologyReportId}"));

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<ClinicalEventIntake>();
        var first = await intake.AcceptAsync(report, CancellationToken.None);
        var second = await intake.AcceptAsync(report, CancellationToken.None);

        Assert.Equal(IntakeOutcomeKind.Accepted, first.Kind);
        Assert.Equal(IntakeOutcomeKind.Duplicate, second.Kind);
        Assert.Equal(first.WorkflowId, second.WorkflowId);
        Assert.Single(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_resource_without_an_id_is_rejected()
    {
        await using var host = await IntakeTestHost.StartAsync();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<ClinicalEventIntake>();

        var error = await Assert.ThrowsAsync<IntakeRejectedException>(() => intake.AcceptAsync(new Encounter { Status = Encounter.EncounterStatus.Finished }, CancellationToken.None));

        Assert.Contains("no id", error.Message);
        Assert.Empty(host.Published());
    }
}
