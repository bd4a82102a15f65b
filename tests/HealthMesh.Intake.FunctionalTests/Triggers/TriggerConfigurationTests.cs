using System.Net;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Intake.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Intake.FunctionalTests.Triggers;

/// <summary>Which events start a workflow comes from configuration: FHIRPath criteria per resource type, checked at start-up.</summary>
public sealed class TriggerConfigurationTests
{
    [Fact]
    public async System.Threading.Tasks.Task Configured_triggers_replace_the_defaults_and_a_non_match_is_journaled_with_its_reason()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["HealthMesh:Intake:Triggers:0:ResourceType"] = "Encounter",
            ["HealthMesh:Intake:Triggers:0:Criteria"] = "status = 'in-progress' and class.code = 'AMB'",
            ["HealthMesh:Intake:Triggers:0:NoteKind"] = "EncounterSummary",
            ["HealthMesh:Intake:Triggers:0:Description"] = "an ambulatory Encounter in progress",
        });
        var baseUrl = host.Ehr.BaseUrl.ToString();

        using var open = await host.PostAsync(BackportNotifications.Event("1", $"Encounter/{ClinicalFixtures.OpenEncounterId}", null, baseUrl));
        using var finished = await host.PostAsync(BackportNotifications.Event("2", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, baseUrl));
        using var radiology = await host.PostAsync(BackportNotifications.Event("3", $"DiagnosticReport/{ClinicalFixtures.RadiologyReportId}", null, baseUrl));

        Assert.All([open, finished, radiology], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal([ClinicalFixtures.OpenEncounterId], host.Published().Select(p => p.ResourceId));
        Assert.Contains("Encounter (status 'finished') is not an ambulatory Encounter in progress", await finished.Content.ReadAsStringAsync());
        Assert.Contains("DiagnosticReport does not trigger a note", await radiology.Content.ReadAsStringAsync());

        var journal = host.Factory.Services.GetRequiredService<IntakeJournal>();
        var entry = await journal.FindByEventAsync(IntakeTestHost.SubscriptionId, "2", CancellationToken.None);
        Assert.Equal(IntakeEntryState.Ignored, entry?.State);
        Assert.Equal("Encounter (status 'finished') is not an ambulatory Encounter in progress", entry?.Reason);
    }

    [Theory]
    [InlineData("Encounter", "status = = 'finished'", "EncounterSummary", "HealthMesh:Intake:Triggers:0:Criteria \"status = = 'finished'\" is not a valid FHIRPath expression")]
    [InlineData("Encounter", "status.where(", "EncounterSummary", "is not a valid FHIRPath expression")]
    [InlineData("Encounter", "", "EncounterSummary", "HealthMesh:Intake:Triggers:0:Criteria is required")]
    [InlineData("Patient", "active", "EncounterSummary", "HealthMesh:Intake:Triggers:0:ResourceType is 'Patient'")]
    [InlineData("DiagnosticReport", "status = 'final'", "EncounterSummary", "a DiagnosticReport starts a RadiologyReport note")]
    public void A_bad_trigger_fails_validation_with_the_key_to_fix(string resourceType, string criteria, string noteKind, string message)
    {
        // The validator runs at start-up (ValidateOnStart, as IntakeOptionsTests shows for a weak secret).
        var options = new IntakeOptions
        {
            Triggers = [new() { ResourceType = resourceType, Criteria = criteria, NoteKind = Enum.Parse<HealthMesh.Contracts.NoteKind>(noteKind), Description = "a test trigger" }],
        };

        var result = new IntakeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage);
    }

    [Fact]
    public void The_default_triggers_are_valid()
    {
        var options = new IntakeOptions { Triggers = [.. HealthMesh.Intake.Triggers.TriggerOptions.Defaults] };

        Assert.True(new IntakeOptionsValidator().Validate(null, options).Succeeded);
    }
}
