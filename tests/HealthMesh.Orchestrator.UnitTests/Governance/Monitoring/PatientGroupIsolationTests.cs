using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.UnitTests.Support;

namespace HealthMesh.Orchestrator.UnitTests.Governance.Monitoring;

/// <summary>The patient group reaches the Orchestrator's monitoring only: nothing the drafting engine receives carries it.</summary>
public sealed class PatientGroupIsolationTests
{
    [Fact]
    public async Task The_draft_command_sent_after_a_grouped_deidentified_event_carries_no_part_of_the_group()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        var id = received.WorkflowId;
        await h.Bus.Bus.Publish(received);
        await h.InState(id, m => m.Deidentifying);

        var group = new PatientGroup("female", "90+", "tl", "Native Hawaiian or Other Pacific Islander", "Hispanic or Latino");
        await h.Bus.Bus.Publish(new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 3, group));
        await h.InState(id, m => m.Drafting);

        var draft = await h.SentSingleAsync<DraftClinicalNote>();
        Assert.Equal(new DraftClinicalNote(id, $"hm-doc:{id:N}/context-deid", NoteKind.EncounterSummary, 1), draft);
        var json = JsonSerializer.Serialize(draft);
        foreach (var value in new[] { "90+", "Native Hawaiian", "Hispanic or Latino", "\"tl\"", "female" })
        {
            Assert.DoesNotContain(value, json, StringComparison.Ordinal);
        }

        // And the contract itself has no place for one.
        Assert.DoesNotContain(typeof(DraftClinicalNote).GetProperties(), p => p.PropertyType == typeof(PatientGroup));
    }
}
