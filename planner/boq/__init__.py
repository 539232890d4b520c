"""Bills of quantities (工程量清单): the bill, workbook, code catalogue, rates."""
