namespace Metering.Storage;

/// <summary>Marker for the storage assembly.</summary>
internal static class StorageAssembly;
