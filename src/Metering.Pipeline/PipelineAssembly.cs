namespace Metering.Pipeline;

/// <summary>Marker for the pipeline assembly.</summary>
internal static class PipelineAssembly;
