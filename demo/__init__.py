"""Demo and generated data: the Bodø demo (`demo.bodo`) and the large-data generator
(`demo.generate`), with the `load_demo` and `generate_data` commands. No models."""
