"""Sources to artifacts and their manifest: find and read the files (sources), hash what
shapes each artifact (inputs), make one in memory (make), write all or nothing (output),
and the manifest; batch ties them together."""
