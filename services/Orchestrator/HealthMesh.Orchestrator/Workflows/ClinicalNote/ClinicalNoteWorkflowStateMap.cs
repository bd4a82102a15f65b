using HealthMesh.Orchestrator.Persistence;
using HealthMesh.Orchestrator.Persistence.Sagas;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>Maps <see cref="ClinicalNoteWorkflowState"/> to <c>clinical_note_workflows</c> (migrations 0001, 0008).</summary>
public sealed class ClinicalNoteWorkflowStateMap : SqlSagaStateMap<ClinicalNoteWorkflowState>
{
    public override string LoadSql(DatabaseProvider provider) => Script("LoadClinicalNoteWorkflow", provider);

    public override string InsertSql(DatabaseProvider provider) => Script("InsertClinicalNoteWorkflow", provider);

    public override string UpdateSql(DatabaseProvider provider) => Script("UpdateClinicalNoteWorkflow", provider);

    public override string DeleteSql(DatabaseProvider provider) => Script("DeleteClinicalNoteWorkflow", provider);

    public override void BeforeWrite(ClinicalNoteWorkflowState instance, DateTimeOffset now)
    {
        if (instance.CreatedAt == default)
        {
            instance.CreatedAt = now;
        }

        // A workflow stored before migration 0008 has not recorded a transition yet: its last update is the best known
        // entry time (as the migration back-filled the column).
        if (instance.StateEnteredAt == default)
        {
            instance.StateEnteredAt = instance.UpdatedAt == default ? now : instance.UpdatedAt;
        }

        instance.UpdatedAt = now;
    }

    public override object Columns(ClinicalNoteWorkflowState instance) => new
    {
        instance.CurrentState,
        instance.ResourceKey,
        Priority = (int)instance.Priority,
        ReviewDueAt = instance.ReviewDueAt is { } due ? SqlTime.Format(due) : null,
        Escalated = instance.Escalated ? 1 : 0,
        CreatedAt = SqlTime.Format(instance.CreatedAt),
        UpdatedAt = SqlTime.Format(instance.UpdatedAt),
        StateEnteredAt = SqlTime.Format(instance.StateEnteredAt),
    };

    /// <summary>Reads a stored <c>data</c> column (used by the queries as well as the repository).</summary>
    public ClinicalNoteWorkflowState Read(string data) => Deserialize(data);

    private static string Script(string name, DatabaseProvider provider) =>
        SqlScripts.Get(typeof(ClinicalNoteWorkflowStateMap).Assembly, name, provider);
}
