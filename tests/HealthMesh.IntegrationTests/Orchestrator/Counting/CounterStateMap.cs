using HealthMesh.Orchestrator.Persistence.Sagas;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.IntegrationTests.Orchestrator.Counting;

/// <summary>The counter saga's table; the same statement shapes the workflow map uses.</summary>
public sealed class CounterStateMap : SqlSagaStateMap<CounterState>
{
    public const string CreateTable =
        "CREATE TABLE IF NOT EXISTS counters (correlation_id TEXT PRIMARY KEY, version INTEGER NOT NULL, current_state TEXT NOT NULL, data TEXT NOT NULL)";

    public override string LoadSql(DatabaseProvider provider) => "SELECT data FROM counters WHERE correlation_id = @CorrelationId";

    public override string InsertSql(DatabaseProvider provider) =>
        "INSERT INTO counters (correlation_id, version, current_state, data) VALUES (@CorrelationId, @Version, @CurrentState, @Data) ON CONFLICT (correlation_id) DO NOTHING";

    public override string UpdateSql(DatabaseProvider provider) =>
        "UPDATE counters SET version = @Version, current_state = @CurrentState, data = @Data WHERE correlation_id = @CorrelationId AND version = @ExpectedVersion";

    public override string DeleteSql(DatabaseProvider provider) =>
        "DELETE FROM counters WHERE correlation_id = @CorrelationId AND version = @ExpectedVersion";

    public override object Columns(CounterState instance) => new { instance.CurrentState };
}
