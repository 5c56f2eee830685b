// Rollup builds of the demo and sandbox front ends (the inbox). Filled in with the sandbox.
export default [];
