using System.CommandLine;

namespace HealthMesh.AllInOne.OperatorApi;

/// <summary>Options every operator command shares.</summary>
public static class OperatorOptions
{
    public static Option<Uri> Url() => new("--url")
    {
        Description = "Base address of a running HealthMesh: 'healthmesh serve' (default) or the distributed Orchestrator.",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080/"),
    };

    public static Option<string> RequestedBy() => new("--requested-by")
    {
        Description = "Operator id recorded with the request (default: the OS user name).",
        DefaultValueFactory = _ => Environment.UserName,
    };

    /// <summary>Runs an operator command, turning an unreachable or refusing API into a one-line error and exit code 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OperatorApiException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
