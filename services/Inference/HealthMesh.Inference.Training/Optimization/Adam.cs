namespace HealthMesh.Inference.Training.Optimization;

/// <summary>Adam with L2 weight decay added to the gradient (as torch.optim.Adam's <c>weight_decay</c>); double precision, one thread.</summary>
public sealed class Adam(int size, double learningRate, double weightDecay)
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly double[] _m = new double[size];
    private readonly double[] _v = new double[size];

    public void Step(double[] parameters, double[] gradients, int step)
    {
        var correction1 = 1 - Math.Pow(Beta1, step);
        var correction2 = 1 - Math.Pow(Beta2, step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i] + (weightDecay * parameters[i]);
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * g);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * g * g);
            parameters[i] -= learningRate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + Epsilon);
        }
    }
}
