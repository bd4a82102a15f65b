using System.Diagnostics;

namespace HealthMesh.Testing;

/// <summary>Runs the built <c>healthmesh</c> command as a user would, in its own process.</summary>
public static class HealthMeshCli
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>A long-running command (<c>serve</c>): killed when disposed; its output is kept.</summary>
    public sealed class Running(Process process) : IDisposable
    {
        private readonly System.Text.StringBuilder output = new();

        public bool HasExited => process.HasExited;

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        /// <summary>Polls <paramref name="probe"/> until it gives a result; fails at once if the command exits.</summary>
        public async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"healthmesh exited with {process.ExitCode}:\n{Output}");
                }

                try
                {
                    if (await probe() is { } result)
                    {
                        return result;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(250);
            }

            throw new TimeoutException($"healthmesh did not get there in time:\n{Output}");
        }

        internal void Capture()
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        private void Append(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public static Running Start(params string[] arguments)
    {
        var running = new Running(Process.Start(StartInfo(arguments))!);
        running.Capture();
        return running;
    }

    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"healthmesh {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s:\n{await stdout}\n{await stderr}");
        }

        return new Result(process.ExitCode, $"{await stdout}\n{await stderr}");
    }

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var assembly = Path.Combine(ServiceProcess.RepositoryRoot(), "services", "AllInOne", "HealthMesh.AllInOne", "bin", configuration, "net10.0", "healthmesh.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"healthmesh is not built ({assembly}). Build the solution first (tests/run.sh does).", assembly);
        }

        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        return start;
    }
}
