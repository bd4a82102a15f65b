using System.Diagnostics;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// Listens to every <see cref="ActivitySource"/> in the process (ours, MassTransit's, ASP.NET Core's, HttpClient's) with
/// all data recorded, and captures what any trace exporter would receive: names, tags, events and their tags, links,
/// baggage and status descriptions of every finished activity.
/// </summary>
public sealed class ActivityCapture : IDisposable
{
    private readonly ActivityListener listener;

    public ActivityCapture(PhiCapture capture, string channel = "trace")
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                capture.Add($"{channel} ({activity.Source.Name})", string.Join('\n', Describe(activity)));
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose() => listener.Dispose();

    private static IEnumerable<string?> Describe(Activity activity)
    {
        yield return activity.DisplayName;
        yield return activity.OperationName;
        yield return activity.StatusDescription;
        foreach (var tag in activity.TagObjects)
        {
            yield return $"{tag.Key}={tag.Value}";
        }

        foreach (var item in activity.Baggage)
        {
            yield return $"{item.Key}={item.Value}";
        }

        foreach (var activityEvent in activity.Events)
        {
            yield return activityEvent.Name;
            foreach (var tag in activityEvent.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
    }
}
