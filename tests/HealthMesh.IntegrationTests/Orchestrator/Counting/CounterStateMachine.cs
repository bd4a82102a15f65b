using MassTransit;

namespace HealthMesh.IntegrationTests.Orchestrator.Counting;

public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => StartCounting, x => x.CorrelateById(m => m.Message.CounterId));
        Event(() => IncrementCounter, x => x.CorrelateById(m => m.Message.CounterId));

        Initially(When(StartCounting).TransitionTo(Counting));
        During(Counting, When(IncrementCounter).Then(context =>
        {
            context.Saga.Count++;
            context.Saga.Seen.Add(context.Message.Tag);
        }));
    }

    public State Counting { get; private set; } = null!;

    public Event<StartCounting> StartCounting { get; private set; } = null!;

    public Event<IncrementCounter> IncrementCounter { get; private set; } = null!;
}
